using System.Diagnostics;
using System.Globalization;
using System.Text;
using KalturaEmulator.Control;

namespace KalturaEmulator.Protocol;

/// <summary>
/// Serves <c>/api_v3/...</c>: reads the parameters, logs the request, applies latency and faults,
/// runs the action or multirequest, and answers JSON (format=1) or the XML envelope.
/// </summary>
public sealed class ApiEndpoint
{
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(5);

    private readonly EmulatorCore _core;
    private readonly ApiDispatcher _dispatcher;
    private readonly CancellationToken _stopping;

    public ApiEndpoint(EmulatorCore core, CancellationToken stopping)
    {
        _core = core;
        _dispatcher = new ApiDispatcher(core);
        _stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleRequestAsync(context);
        }
        catch (Exception error) when (context.RequestAborted.IsCancellationRequested
            && error is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client went away mid-request: there is nobody to answer.
        }
    }

    private async Task HandleRequestAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = await ApiRequestReader.ReadAsync(context.Request, context.RequestAborted);
        var service = request.Service ?? "";
        var plan = request.IsMultiRequest ? MultiRequestPlan.Build(request.Parameters) : null;
        var planned = plan is null
            ? [(service, request.Action ?? "")]
            : plan.Select(s => (s.Service, s.Action)).ToList();

        var logEntry = _core.RequestLog.Append(
            request.Service,
            request.Action,
            request.ParameterNames,
            planned.Select(a => a.Item1 + "." + a.Item2).ToList(),
            SecretScan.Find(_core.Accounts.Current, request, plan),
            RequestOrigin.Of(context));
        var fault = _core.Faults.Pick(service, planned);
        logEntry.Fault = fault?.Kind;

        var latency = _core.Latency.Current;
        // The cost model's waits run against one deadline per HTTP request (L, then c per action),
        // so the timer's overshoot on each short wait does not add up over a multirequest's actions.
        var costDue = started + latency.RequestMs * Stopwatch.Frequency / 1000;
        await WaitUntilAsync(costDue, context.RequestAborted);

        if (fault is not null && await TryAnswerWithoutProcessingAsync(context, fault))
        {
            return;
        }

        string body;
        if (plan is null)
        {
            costDue += latency.ActionDelayMs(service, request.Action ?? "") * Stopwatch.Frequency / 1000;
            var result = await RunActionAsync(service, request.Action ?? "", request.Parameters, fault, costDue, context.RequestAborted);
            body = request.WantsJson
                ? JsonResultWriter.WriteSingle(result)
                : XmlResultWriter.WriteSingle(result, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        else
        {
            var results = new List<object?>(plan.Count);
            foreach (var subRequest in plan)
            {
                ResultReferences.Substitute(subRequest.Parameters, results);
                costDue += latency.ActionDelayMs(subRequest.Service, subRequest.Action) * Stopwatch.Frequency / 1000;
                results.Add(await RunActionAsync(subRequest.Service, subRequest.Action, subRequest.Parameters, fault, costDue, context.RequestAborted));
            }

            body = request.WantsJson
                ? JsonResultWriter.WriteMulti(results)
                : XmlResultWriter.WriteMulti(results, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        switch (fault?.Kind)
        {
            case "lostResponse":
                context.Abort();
                return;
            case "truncated":
                body = body[..(body.Length / 2)];
                break;
        }

        await WriteAsync(context, 200, request.WantsJson ? "application/json" : "text/xml", body);
    }

    private async Task<object?> RunActionAsync(
        string service,
        string action,
        IReadOnlyDictionary<string, string> parameters,
        FaultRule? fault,
        long costDue,
        CancellationToken cancellationToken)
    {
        await WaitUntilAsync(costDue, cancellationToken);

        if (fault is { Kind: "actionBlocked" } && FaultInjector.Targets(fault, service, action))
        {
            return ApiErrors.Create("ACTION_BLOCKED", action, service);
        }

        return _dispatcher.Execute(service, action, parameters);
    }

    /// <summary>Waits until the Stopwatch timestamp <paramref name="due"/>; no wait when it has passed.</summary>
    private static Task WaitUntilAsync(long due, CancellationToken cancellationToken)
    {
        var remaining = due - Stopwatch.GetTimestamp();
        return remaining > 0
            ? Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), cancellationToken)
            : Task.CompletedTask;
    }

    private async Task<bool> TryAnswerWithoutProcessingAsync(HttpContext context, FaultRule fault)
    {
        switch (fault.Kind)
        {
            case "http429":
                SetRetryAfter(context, fault);
                await WriteAsync(context, 429, "text/plain", "Too Many Requests");
                return true;
            case "http500":
                await WriteAsync(context, 500, "text/plain", "Internal Server Error");
                return true;
            case "http502":
                await WriteAsync(context, 502, "text/plain", "Bad Gateway");
                return true;
            case "http503":
                SetRetryAfter(context, fault);
                await WriteAsync(context, 503, "text/plain", "Service Unavailable");
                return true;
            case "html":
                await WriteAsync(context, 502, "text/html",
                    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>");
                return true;
            case "redirect":
                // A host that moved its API to https, as a web server's blanket rule does, or to another
                // (regional) host: same path and query.
                var target = fault.Location is null ? "https://" + context.Request.Host : fault.Location.TrimEnd('/');
                context.Response.Headers.Location = target + context.Request.Path + context.Request.QueryString;
                await WriteAsync(context, 308, "text/html",
                    "<!DOCTYPE html><html><head><title>308 Permanent Redirect</title></head><body><h1>308 Permanent Redirect</h1></body></html>");
                return true;
            case "malformed":
                await WriteAsync(context, 200, "application/json", "{\"objectType\":\"KalturaPartner\",<<not json>>");
                return true;
            case "reset":
                context.Abort();
                return true;
            case "stall":
                using (var stall = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping))
                {
                    try
                    {
                        await Task.Delay(StallLimit, stall.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up or the emulator is stopping: the response is never sent either way.
                    }
                }

                context.Abort();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Retry-After as a gateway in front of Kaltura sends it: seconds, or an HTTP date on this server's clock (its Date header).</summary>
    private static void SetRetryAfter(HttpContext context, FaultRule fault)
    {
        if (fault.RetryAfter is not { } seconds)
        {
            return;
        }

        if (fault.RetryAfterFormat == "date")
        {
            var now = DateTimeOffset.UtcNow;
            context.Response.Headers.Date = now.ToString("R", CultureInfo.InvariantCulture);
            context.Response.Headers.RetryAfter = now.AddSeconds(seconds).ToString("R", CultureInfo.InvariantCulture);
        }
        else
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
