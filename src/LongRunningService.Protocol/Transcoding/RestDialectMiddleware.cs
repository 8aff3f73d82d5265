using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Diagnostics;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Protocol.Security;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Google's REST dialect around JSON transcoding's endpoints, for every request
/// not of the gRPC family. Before the endpoint: system parameters (<c>$alt</c>,
/// <c>prettyPrint</c>) are taken out of the query and an unknown parameter is
/// refused; the deadline headers are read; a body is read within the message
/// size limit, checked for unknown fields and depth, and an empty one sent to a
/// rule with a body is read as <c>{}</c>; <c>%2F</c> in a one-segment variable
/// is decoded. After it: every failure, the library's own included (bad JSON, no
/// route: 404, the wrong HTTP method: 405), is written as Google's error
/// envelope with CANCELLED as 499; numeric enums and indentation are applied
/// when asked for; large answers are gzipped. A request that ran no method
/// still gets its log line and reaches the call observers.
/// </summary>
internal sealed class RestDialectMiddleware(
    RequestDelegate next,
    GrpcServerRuntime runtime,
    RestJson json,
    RestServedDescriptors served,
    IOptions<RestTranscodingOptions> options,
    ILogger<RestDialectMiddleware> logger)
{
    private const string JsonContentType = "application/json";
    private const int MaxLibraryMessage = 400;
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();
    private readonly int? _gzipMinimumSize = options.Value.GzipMinimumSize;

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var binding = endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
        if (GrpcHeaders.LooksLikeGrpc(context.Request.ContentType))
        {
            if (binding is not null)
            {
                // A REST path is no gRPC method: the gRPC layer answers as it does for any unknown path.
                context.SetEndpoint(null);
            }

            await next(context);
            return;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var route = binding is null ? null : served.RouteOf(binding);
        var path = context.Request.Path.Value ?? string.Empty;
        if (route is not null && !route.Binding.Template.Matches(path))
        {
            // Routing compares literals without case and lets ** match nothing; Google's front end does neither.
            (binding, route, endpoint) = (null, null, null);
        }
        var feature = new ServedCallFeature(RequestProtocol.Rest, holdsTrailers: true);
        context.Features.Set(feature);

        var format = default(RestResponseFormat);
        var responseBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        RpcStatus? refusal = null;
        int? refusalHttpStatus = null;
        try
        {
            if (binding is not null && route is not null)
            {
                feature.BindingApis = route.Binding.Apis;
                format = await PrepareAsync(context, binding, route, feature);
                if (binding.MethodDescriptor.IsServerStreaming)
                {
                    // A stream goes out as it comes, in the library's own framing.
                    await next(context);
                    return;
                }

                context.Response.Body = buffer;
                await next(context);
            }
            else if (endpoint is not null && endpoint.Metadata.GetMetadata<global::Grpc.AspNetCore.Server.GrpcMethodMetadata>() is null)
            {
                // Routing's own answer (405 with Allow when the path takes other methods), restated below.
                context.Response.Body = buffer;
                await next(context);
            }
            else
            {
                refusal = RestProtocolErrors.NoRoute(path).Status;
                refusalHttpStatus = StatusCodes.Status404NotFound;
            }
        }
        catch (RpcException exception)
        {
            refusal = exception.Status;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while its request was read: nobody to answer.
            context.Features.Set(responseBody);
            Report(context, binding, Code.Cancelled, startedAt);
            return;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException exception)
        {
            // A body Kestrel could not read (malformed chunks, over its own size limit): the client's mistake.
            refusal = new RpcStatus { Code = (int)Code.InvalidArgument, Message = $"The request body could not be read: {exception.Message}" };
            refusalHttpStatus = exception.StatusCode;
        }
        finally
        {
            context.Features.Set(responseBody);
        }

        await FinishAsync(context, binding, feature, format, buffer, refusal, refusalHttpStatus, startedAt);
    }

    // What Google's REST front end settles before a method runs.
    private async Task<RestResponseFormat> PrepareAsync(HttpContext context, GrpcJsonTranscodingMetadata binding, RestServedRoute route, ServedCallFeature feature)
    {
        var request = context.Request;
        var format = ReadQuery(request, binding.MethodDescriptor.InputType, route.Constants, wholeBody: binding.HttpRule.Body == "*");
        feature.Timeout = RestDeadlines.Read(request.Headers);
        DecodeEscapedSlashes(request.RouteValues);

        var rule = binding.HttpRule;
        if (rule.Body.Length == 0)
        {
            return format;
        }

        var body = await ReadBodyAsync(context, runtime.Options.MaxReceiveMessageSize);
        if (IsBlank(body))
        {
            // Python's clients send no body at all to POST ...:cancel, whose rule says body "*".
            body = EmptyObject;
            request.ContentType = JsonContentType;
        }
        else
        {
            // The body is read as the JSON it must be, whatever type it is sent as (curl's -d says form data,
            // HttpClient's StringContent text): what does not parse is refused as bad JSON.
            if (request.ContentType is not { } type || !type.StartsWith(JsonContentType, StringComparison.OrdinalIgnoreCase))
            {
                request.ContentType = JsonContentType;
            }

            var field = rule.Body == "*" ? null : binding.MethodDescriptor.InputType.FindFieldByName(rule.Body);
            RestJsonBodyCheck.Check(body, binding.MethodDescriptor.InputType, field);
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        return format;
    }

    // System parameters set the format and leave the query; every other name must be a request field.
    private static RestResponseFormat ReadQuery(
        Microsoft.AspNetCore.Http.HttpRequest request, MessageDescriptor input, IReadOnlyList<KeyValuePair<string, string>> constants, bool wholeBody)
    {
        var format = default(RestResponseFormat);
        Dictionary<string, StringValues>? fields = null;
        foreach (var (name, values) in request.Query)
        {
            if (!name.StartsWith('$') && IsFieldPath(input, name))
            {
                if (wholeBody)
                {
                    throw RestProtocolErrors.UnsupportedQueryParameter(name, "the rule's body (\"*\") carries every field not in the path");
                }

                (fields ??= new(StringComparer.Ordinal)).Add(name, values);
            }
            else if (!RestSystemParameters.TryApply(name, values, ref format))
            {
                throw RestProtocolErrors.UnknownQueryParameter(name);
            }
        }

        foreach (var (name, value) in constants)
        {
            (fields ??= new(StringComparer.Ordinal))[name] = value;
        }

        if ((fields?.Count ?? 0) != request.Query.Count || constants.Count > 0)
        {
            request.Query = new QueryCollection(fields ?? []);
        }

        return format;
    }

    // A dotted path of JSON or proto names down through singular messages.
    private static bool IsFieldPath(MessageDescriptor input, string name)
    {
        var type = input;
        FieldDescriptor? field = null;
        foreach (var part in name.Split('.'))
        {
            if (field is not null)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated)
                {
                    throw RestProtocolErrors.UnsupportedQueryParameter(name, $"'{field.Name}' has no fields to set");
                }

                type = field.MessageType;
            }

            field = RestFieldNames.Find(type, part);
            if (field is null)
            {
                return false;
            }
        }

        if (field!.IsMap)
        {
            throw RestProtocolErrors.UnsupportedQueryParameter(name, "map fields cannot be set from a query string");
        }

        return true;
    }

    // Kestrel leaves %2F escaped in the path; a one-segment variable takes it as the '/' it stands for.
    // Variables over several segments keep it, as google/api/http.proto says.
    private static void DecodeEscapedSlashes(Microsoft.AspNetCore.Routing.RouteValueDictionary values)
    {
        List<string>? escaped = null;
        foreach (var (key, value) in values)
        {
            if (value is string text && !key.StartsWith("__", StringComparison.Ordinal) && text.Contains("%2F", StringComparison.OrdinalIgnoreCase))
            {
                (escaped ??= []).Add(key);
            }
        }

        // Rewritten once the walk is over: a dictionary is not changed while it is enumerated.
        foreach (var key in escaped ?? [])
        {
            values[key] = ((string)values[key]!).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static bool IsBlank(byte[] body) => body.AsSpan().Trim(" \t\r\n"u8).IsEmpty;

    // The whole body, within the size limit gRPC puts on one message; the size stated is the body's own.
    private static async ValueTask<byte[]> ReadBodyAsync(HttpContext http, int? limit)
    {
        if (limit is { } declaredMax && http.Request.ContentLength is { } declared && declared > declaredMax)
        {
            throw GrpcProtocolErrors.ReceiveMessageTooLarge(declared, declaredMax);
        }

        var reader = http.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted);
            var buffer = result.Buffer;
            if (limit is { } max && buffer.Length > max)
            {
                var received = buffer.Length;
                reader.AdvanceTo(buffer.End);
                throw GrpcProtocolErrors.ReceiveMessageTooLarge(received, max);
            }

            if (result.IsCompleted)
            {
                var bytes = System.Buffers.BuffersExtensions.ToArray(buffer);
                reader.AdvanceTo(buffer.End);
                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async Task FinishAsync(
        HttpContext context,
        GrpcJsonTranscodingMetadata? binding,
        ServedCallFeature feature,
        RestResponseFormat format,
        MemoryStream buffer,
        RpcStatus? refusal,
        int? refusalHttpStatus,
        long startedAt)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        if (feature.Trailers is { Count: > 0 } trailers)
        {
            // HTTP/1.1 has no trailers: a handler's trailing metadata goes out as headers.
            GrpcMetadataConverter.WriteTo(trailers, response.Headers);
        }

        var status = refusal;
        var httpStatus = refusalHttpStatus;
        if (status is null && response.StatusCode >= 400)
        {
            (status, httpStatus) = FailureOf(context, feature, buffer);
        }

        if (status is not null)
        {
            var statusCode = httpStatus ?? HttpStatusMapping.ToHttpStatus((Code)status.Code);
            var body = RestErrorWriter.Format(status, statusCode, json.Formatter(format), format.Pretty, logger);
            await RestResponseWriter.WriteAsync(context, statusCode, body, _gzipMinimumSize);
            if (!feature.HandlerRan)
            {
                Report(context, binding, (Code)status.Code, startedAt);
            }

            return;
        }

        if ((format.EnumsAsIntegers || format.Pretty) && feature.Response is { } message)
        {
            await RestResponseWriter.WriteAsync(context, StatusCodes.Status200OK, Format(message, binding!.HttpRule, format), _gzipMinimumSize);
            return;
        }

        await RestResponseWriter.WriteAsync(context, response.StatusCode, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), _gzipMinimumSize);
    }

    // The status of a failed call: the handler's own, or the one the library wrote, or what routing answered.
    private (RpcStatus Status, int? HttpStatus) FailureOf(HttpContext context, ServedCallFeature feature, MemoryStream buffer)
    {
        if (feature.Status is { } handled)
        {
            return (handled, null);
        }

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            // Routing's Allow names every method of the endpoints it matched without case; these are the bindings' own.
            var path = context.Request.Path.Value ?? string.Empty;
            var allowed = served.MethodsMatching(path);
            if (allowed.Count == 0)
            {
                response.Headers.Allow = default;
                return (RestProtocolErrors.NoRoute(path).Status, StatusCodes.Status404NotFound);
            }

            response.Headers.Allow = string.Join(", ", allowed);
            return (RestProtocolErrors.MethodNotAllowed(context.Request.Method, path, allowed).Status, StatusCodes.Status405MethodNotAllowed);
        }

        if (buffer.Length > 0)
        {
            try
            {
                var written = (RpcStatus)json.Parser.Parse(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), RpcStatus.Descriptor);
                if (written.Message.Length > MaxLibraryMessage)
                {
                    written.Message = ClientText.Prefix(written.Message[..MaxLibraryMessage]) + "…";
                }

                return (written, null);
            }
            catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or InvalidOperationException)
            {
                // Not the library's error JSON; the HTTP status says enough.
            }
        }

        var code = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Code.NotFound,
            StatusCodes.Status413PayloadTooLarge => Code.ResourceExhausted,
            StatusCodes.Status415UnsupportedMediaType => Code.InvalidArgument,
            >= 500 => Code.Internal,
            _ => Code.InvalidArgument,
        };
        return (new RpcStatus { Code = (int)code, Message = $"The request was refused with HTTP status {response.StatusCode}." }, response.StatusCode);
    }

    private ReadOnlyMemory<byte> Format(IMessage message, HttpRule rule, RestResponseFormat format)
    {
        var formatter = json.Formatter(format);
        if (rule.ResponseBody.Length == 0)
        {
            return Encoding.UTF8.GetBytes(formatter.Format(message));
        }

        var writer = new StringWriter(CultureInfo.InvariantCulture);
        formatter.WriteValue(writer, message.Descriptor.FindFieldByName(rule.ResponseBody).Accessor.GetValue(message));
        return Encoding.UTF8.GetBytes(writer.ToString());
    }

    private void Report(HttpContext context, GrpcJsonTranscodingMetadata? binding, Code code, long startedAt)
    {
        var request = context.Request;
        var path = ClientText.Prefix(request.Path.Value ?? string.Empty);
        string method;
        if (binding is null)
        {
            method = $"{request.Method} {path}";
            RestTranscodingLog.NoRoute(logger, request.Method, path, code == Code.NotFound ? "no template matches the path" : "the path takes other methods");
        }
        else
        {
            method = $"/{binding.MethodDescriptor.Service.FullName}/{binding.MethodDescriptor.Name}";
            RestTranscodingLog.CallFailed(logger, request.Method, path, method, code, "refused before the method ran");
        }

        runtime.Observers.CallEnded(new CallRecord(
            RequestProtocol.Rest, method, code, Stopwatch.GetElapsedTime(startedAt), CallPeer.Of(context.Connection), null, MethodFound: binding is not null, Refused: true));
    }
}
