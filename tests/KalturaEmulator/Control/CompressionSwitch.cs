using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace KalturaEmulator.Control;

/// <summary>
/// Answers are gzip-compressed when the client asks (Accept-Encoding), as Kaltura's servers do;
/// the control API can turn that off to measure what compression saves.
/// </summary>
public sealed class CompressionSwitch
{
    private volatile bool _enabled = true;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>ASP.NET Core's own provider, asked only while compression is on.</summary>
    public sealed class Provider(IServiceProvider services, IOptions<ResponseCompressionOptions> options, CompressionSwitch compression) : IResponseCompressionProvider
    {
        private readonly ResponseCompressionProvider _inner = new(services, options);

        public ICompressionProvider? GetCompressionProvider(HttpContext context) => _inner.GetCompressionProvider(context);

        public bool ShouldCompressResponse(HttpContext context) => compression.Enabled && _inner.ShouldCompressResponse(context);

        public bool CheckRequestAcceptsCompression(HttpContext context) => _inner.CheckRequestAcceptsCompression(context);
    }
}
