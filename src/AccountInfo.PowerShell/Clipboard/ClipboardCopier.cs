using System;
using System.Collections.Generic;
using System.Threading;

namespace AccountInfo.Clipboard
{
    /// <summary>
    /// Puts a value on the first clipboard backend that works and checks it arrived (a backend
    /// that reports success without a clipboard is a failure here, never a silent success).
    /// </summary>
    internal static class ClipboardCopier
    {
        private static readonly TimeSpan VerifyFor = TimeSpan.FromSeconds(3);

        /// <summary>The backend that now holds the value; throws ClipboardException listing every failure.</summary>
        public static IClipboardBackend Copy(ClipboardPlatform platform, byte[] utf8, Action<string> verbose)
        {
            IReadOnlyList<IClipboardBackend> candidates = ClipboardSelector.Candidates(platform);
            if (candidates.Count == 0)
                throw new ClipboardException("No clipboard is available. " + ClipboardSelector.Remedy(platform));

            string hash = ClipboardCheck.Compute(utf8);
            var failures = new List<string>();
            foreach (IClipboardBackend backend in candidates)
            {
                try
                {
                    verbose?.Invoke("Trying the " + backend.Name + " clipboard.");
                    backend.SetText(utf8);
                    if (!backend.CanReadBack || HoldsValue(backend, hash)) return backend;
                    failures.Add(backend.Name + ": the clipboard did not hold the value afterwards");
                }
                catch (ClipboardException error)
                {
                    failures.Add(backend.Name + ": " + error.Message);
                }
            }
            throw new ClipboardException("No clipboard worked (" + string.Join("; ", failures) + "). " + ClipboardSelector.Remedy(platform));
        }

        private static bool HoldsValue(IClipboardBackend backend, string hash)
        {
            // xclip and xsel hand the selection to a background process: it can take a moment.
            DateTime until = DateTime.UtcNow + VerifyFor;
            while (true)
            {
                byte[] current = backend.GetText();
                try
                {
                    if (ClipboardCheck.Matches(current, hash)) return true;
                }
                finally { Array.Clear(current, 0, current.Length); }
                if (DateTime.UtcNow >= until) return false;
                Thread.Sleep(50);
            }
        }
    }
}
