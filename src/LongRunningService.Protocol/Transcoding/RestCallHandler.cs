using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Runs one REST call on a matched route, in the steps every call takes: set
/// up the call context, build the request from path, query and body, run the
/// method's unary invoker (the same service code gRPC runs), enforce the
/// deadline even on handlers that ignore their token, write the JSON answer,
/// and send every failure through the context's one error funnel.
/// </summary>
internal sealed class RestCallHandler(
    GrpcServerRuntime runtime,
    RestJson json,
    RestResponseCache responses,
    IOptions<RestTranscodingOptions> options,
    ILogger<RestCallHandler> logger)
{
    private readonly int? _gzipMinimumSize = options.Value.GzipMinimumSize;

    public async Task HandleCallAsync(HttpContext http, RestRoute route, HttpRequestPath path)
    {
        var startedAt = Stopwatch.GetTimestamp();
        using var call = new RestServerCallContext(http, route, runtime, logger);
        var format = default(RestResponseFormat);
        try
        {
            call.Initialize();
            var invoker = route.Invoker ?? throw RestProtocolErrors.StreamingNotServed(route.GrpcPath);
            var body = await ReadBodyAsync(http, runtime.Options.MaxReceiveMessageSize, call.CancellationToken);
            var request = RestRequestBinder.Bind(route, body, http.Request.Query, route.Template.ReadVariables(path), json, ref format);
            call.ResourceName = RequestResource.Describe(request);
            var response = await DeadlineBoundInvoker.InvokeAsync(invoker, request, call, call.DeadlineToken, call.CancelHandler);
            var utf8 = Render(response, new RestResponseVariant(format, route.ResponseBodyField));
            call.WriteMetadataHeaders();
            await RestResponseWriter.WriteAsync(http, StatusCodes.Status200OK, utf8, _gzipMinimumSize);
        }
        catch (Exception exception)
        {
            await call.ProcessErrorAsync(exception, json, format, _gzipMinimumSize);
        }

        runtime.Observers.CallEnded(call, startedAt);
    }

    /// <summary>Answers a request no route took: 405 with <c>Allow</c> when templates match the path under other methods, else 404.</summary>
    public async Task RefuseAsync(HttpContext http, string path, HttpRouteMatch<RestRoute> match)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var method = http.Request.Method;
        var quoted = ClientText.Prefix(path);
        RpcException error;
        if (!match.IsMethodNotAllowed)
        {
            RestTranscodingLog.NoRoute(logger, method, quoted, "no template matches the path");
            error = RestProtocolErrors.NoRoute(path);
            await RestServerCallContext.WriteErrorAsync(http, error.Status, json, default, _gzipMinimumSize, logger);
        }
        else
        {
            RestTranscodingLog.NoRoute(logger, method, quoted, "the path takes other methods");
            http.Response.Headers.Allow = string.Join(", ", match.AllowedMethods);
            error = RestProtocolErrors.MethodNotAllowed(method, path, match.AllowedMethods);
            await RestServerCallContext.WriteErrorAsync(
                http, error.Status, json, default, _gzipMinimumSize, logger, StatusCodes.Status405MethodNotAllowed);
        }

        runtime.Observers.CallEnded(new CallRecord(
            "rest", $"{method} {quoted}", error.Code, Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(http.Connection), null, MethodFound: false));
    }

    // The response's JSON as UTF-8, from the cache when this very message was answered before.
    private byte[] Render(IMessage response, RestResponseVariant variant)
    {
        if (responses.TryGet(response, variant) is { } cached)
        {
            return cached;
        }

        var utf8 = Encoding.UTF8.GetBytes(Format(response, variant));
        responses.Add(response, variant, utf8);
        return utf8;
    }

    private string Format(IMessage response, RestResponseVariant variant)
    {
        var formatter = json.Formatter(variant.Format);
        try
        {
            if (variant.ResponseBodyField is not { } field)
            {
                return formatter.Format(response);
            }

            var writer = new StringWriter();
            formatter.WriteValue(writer, field.Accessor.GetValue(response));
            return writer.ToString();
        }
        catch (InvalidOperationException exception)
        {
            // Typically an Any whose type the registry does not know.
            throw RestProtocolErrors.ResponseNotWritable(exception.Message);
        }
    }

    // The whole body as text, within the same size limit gRPC puts on one message; null when there is none.
    private static async ValueTask<string?> ReadBodyAsync(HttpContext http, int? limit, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return null;
        }

        // A declared length over the limit is refused before reading; the size stated is the body's own.
        if (limit is { } declaredMax && http.Request.ContentLength is { } declared && declared > declaredMax)
        {
            throw GrpcProtocolErrors.ReceiveMessageTooLarge(declared, declaredMax);
        }

        var reader = http.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (limit is { } max && buffer.Length > max)
            {
                // Read the length before AdvanceTo: that returns the segments, and the sequence then measures stale memory.
                var received = buffer.Length;
                reader.AdvanceTo(buffer.End);
                throw GrpcProtocolErrors.ReceiveMessageTooLarge(received, max);
            }

            if (result.IsCompleted)
            {
                var text = buffer.IsEmpty ? null : Encoding.UTF8.GetString(buffer);
                reader.AdvanceTo(buffer.End);
                return text;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
