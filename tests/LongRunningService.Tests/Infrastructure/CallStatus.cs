using Google.Protobuf;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>How a unary call through the channel ended: its status, the rich status in its trailers, and the response when OK.</summary>
internal sealed record CallStatus(Google.Rpc.Code StatusCode, string? GrpcMessage, Google.Rpc.Status? StatusDetails, byte[]? Response)
{
    public T Single<T>(MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(Assert.IsType<byte[]>(Response));
}
