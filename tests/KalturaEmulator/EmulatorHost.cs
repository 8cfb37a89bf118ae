using System.Net;
using KalturaEmulator.Accounts;
using KalturaEmulator.Control;
using KalturaEmulator.Protocol;
using KalturaEmulator.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace KalturaEmulator;

/// <summary>A running emulator on 127.0.0.1 (http, or https with certificates made at start-up): used by Program and by in-process tests.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, EmulatorCore core, string url)
    {
        _app = app;
        Core = core;
        Url = url;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c> or <c>https://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public string ControlUrl => Url + ControlEndpoint.Prefix;

    public EmulatorCore Core { get; }

    public static async Task<EmulatorHost> StartAsync(AccountsDocument accounts, int port = 0, bool https = false, CancellationToken cancellationToken = default)
    {
        var core = new EmulatorCore(accounts, https ? EmulatorCertificates.Create() : null);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // Warnings and errors only, and on stderr: stdout's first line must stay the URL, and no request is logged.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                // Counted outside TLS: the bytes on the wire.
                listen.Use(core.Traffic.Count);
                if (core.Certificates is { } certificates)
                {
                    // Like most servers it sends its own certificate only, not the root it chains to.
                    listen.UseHttps(certificates.Server);
                }
            });
        });
        // Kaltura's servers gzip their answers when asked, over https too.
        builder.Services.AddSingleton<IResponseCompressionProvider>(services => new CompressionSwitch.Provider(
            services, services.GetRequiredService<IOptions<ResponseCompressionOptions>>(), core.Compression));
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<GzipCompressionProvider>();
        });

        var app = builder.Build();
        var api = new ApiEndpoint(core, app.Lifetime.ApplicationStopping);
        var control = new ControlEndpoint(core);
        app.Use((context, next) =>
        {
            TrafficCounter.Attribute(context, api: !IsControl(context));
            return next(context);
        });
        app.UseResponseCompression();
        app.Run(context => IsControl(context) ? control.HandleAsync(context) : api.HandleAsync(context));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, core, address.TrimEnd('/'));
    }

    private static bool IsControl(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ControlEndpoint.Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Core.Certificates?.Dispose();
    }
}
