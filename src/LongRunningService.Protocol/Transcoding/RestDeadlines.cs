using System.Globalization;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// A REST call's deadline, from Google's <c>X-Server-Timeout</c> (seconds) or,
/// as gRPC clients send it, <c>grpc-timeout</c>. A timeout longer than any call
/// could run (49 days and more) is no deadline, as on gRPC.
/// </summary>
internal static class RestDeadlines
{
    public const string ServerTimeoutHeader = "X-Server-Timeout";
    // Past about 49 days no timer can be set; a timeout that long is no deadline in practice.
    private static readonly TimeSpan NoPracticalDeadline = TimeSpan.FromDays(49);

    /// <exception cref="RpcException">INVALID_ARGUMENT: a header that is not a timeout.</exception>
    public static TimeSpan? Read(IHeaderDictionary headers)
    {
        var server = headers[ServerTimeoutHeader];
        if (server.Count > 0)
        {
            var text = server.ToString();
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                || !double.IsFinite(seconds) || seconds <= 0)
            {
                throw RestProtocolErrors.InvalidServerTimeout(text);
            }

            return seconds >= NoPracticalDeadline.TotalSeconds ? null : TimeSpan.FromSeconds(seconds);
        }

        var grpc = headers[GrpcHeaders.Timeout];
        if (grpc.Count == 0)
        {
            return null;
        }

        var value = grpc.ToString();
        if (value.Length is < 2 or > 9 || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0)
        {
            throw new RpcException(Google.Rpc.Code.InvalidArgument, $"Invalid grpc-timeout header '{ClientText.Prefix(value)}'.");
        }

        var timeout = value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(Math.Max(1, amount / 100)),
            _ => throw new RpcException(Google.Rpc.Code.InvalidArgument, $"Invalid grpc-timeout header '{ClientText.Prefix(value)}'."),
        };
        return timeout >= NoPracticalDeadline ? null : timeout;
    }
}
