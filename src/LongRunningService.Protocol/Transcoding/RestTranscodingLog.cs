using Microsoft.Extensions.Logging;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>Log events of the REST layer, with fixed event IDs (the gRPC layer's are below 100).</summary>
internal static partial class RestTranscodingLog
{
    [LoggerMessage(101, LogLevel.Debug, "REST call {HttpMethod} {Path} ({Method}) ended with {StatusCode}: {StatusMessage}")]
    public static partial void CallFailed(ILogger logger, string httpMethod, string path, string method, Google.Rpc.Code statusCode, string statusMessage);




    [LoggerMessage(105, LogLevel.Debug, "REST request {HttpMethod} {Path} matched no route: {Reason}")]
    public static partial void NoRoute(ILogger logger, string httpMethod, string path, string reason);

    [LoggerMessage(106, LogLevel.Information, "REST transcoding serves {RouteCount} HTTP bindings of {MethodCount} methods (service configs: {ServiceConfigs})")]
    public static partial void RoutesBuilt(ILogger logger, int routeCount, int methodCount, string serviceConfigs);

    [LoggerMessage(108, LogLevel.Information, "REST path {HttpMethod} {Template} is bound by two services: {Winner} answers it there, not {Loser}")]
    public static partial void SharedRoute(ILogger logger, string httpMethod, string template, string winner, string loser);

    [LoggerMessage(107, LogLevel.Debug, "An error detail of type {TypeUrl} cannot be written as JSON; only its @type is sent")]
    public static partial void DetailNotWritable(ILogger logger, string typeUrl);
}
