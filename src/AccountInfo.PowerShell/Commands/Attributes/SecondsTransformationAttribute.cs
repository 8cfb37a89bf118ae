using System;
using System.Globalization;
using System.Management.Automation;

namespace AccountInfo.Commands
{
    /// <summary>
    /// Lets a TimeSpan parameter take a number of seconds. Without it PowerShell binds 3600
    /// to a TimeSpan as 3,600 ticks (0.36 ms).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                case TimeSpan _:
                    return value;
                case int _:
                case long _:
                case short _:
                case byte _:
                case uint _:
                case double _:
                case float _:
                case decimal _:
                    return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds):
                    return FromSeconds(seconds);
                case string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span):
                    return span;
                default:
                    throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                        "'{0}' is not a duration. Give a number of seconds (3600) or a TimeSpan (New-TimeSpan -Hours 1, '01:00:00').", value));
            }
        }

        private static TimeSpan FromSeconds(double seconds)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
                throw new ArgumentTransformationMetadataException("The duration is out of range. Give a number of seconds such as 3600.");
            return TimeSpan.FromSeconds(seconds);
        }
    }
}
