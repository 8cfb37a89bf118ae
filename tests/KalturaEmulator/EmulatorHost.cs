using System.Net;
using KalturaEmulator.Accounts;
using KalturaEmulator.Control;
using KalturaEmulator.Protocol;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KalturaEmulator;

/// <summary>A running emulator on 127.0.0.1: used by Program and by in-process tests.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, EmulatorCore core, string url)
    {
        _app = app;
        Core = core;
        Url = url;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public string ControlUrl => Url + ControlEndpoint.Prefix;

    public EmulatorCore Core { get; }

    public static async Task<EmulatorHost> StartAsync(AccountsDocument accounts, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // Warnings and errors only, and on stderr: stdout's first line must stay the URL, and no request is logged.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });

        var app = builder.Build();
        var core = new EmulatorCore(accounts);
        var api = new ApiEndpoint(core, app.Lifetime.ApplicationStopping);
        var control = new ControlEndpoint(core);
        app.Run(context => context.Request.Path.StartsWithSegments(ControlEndpoint.Prefix, StringComparison.OrdinalIgnoreCase)
            ? control.HandleAsync(context)
            : api.HandleAsync(context));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, core, address.TrimEnd('/'));
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
