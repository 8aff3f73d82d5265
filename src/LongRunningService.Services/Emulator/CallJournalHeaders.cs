using Google.Protobuf.Collections;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// The request headers the journal records, those that tell how a Google client
/// made the call: its routing parameters, its library versions, its billing
/// project and its user agent.
/// </summary>
internal readonly record struct CallJournalHeaders(string? RequestParams, string? ApiClient, string? UserProject, string? UserAgent)
{
    public const string RequestParamsHeader = "x-goog-request-params";
    public const string ApiClientHeader = "x-goog-api-client";
    public const string UserProjectHeader = "x-goog-user-project";
    public const string UserAgentHeader = "user-agent";

    public static CallJournalHeaders From(ServerCallContext context) => new(
        context.RequestHeader(RequestParamsHeader),
        context.RequestHeader(ApiClientHeader),
        context.RequestHeader(UserProjectHeader),
        context.RequestHeader(UserAgentHeader));

    public void CopyTo(MapField<string, string> headers)
    {
        Add(headers, RequestParamsHeader, RequestParams);
        Add(headers, ApiClientHeader, ApiClient);
        Add(headers, UserProjectHeader, UserProject);
        Add(headers, UserAgentHeader, UserAgent);
    }

    private static void Add(MapField<string, string> headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }
}
