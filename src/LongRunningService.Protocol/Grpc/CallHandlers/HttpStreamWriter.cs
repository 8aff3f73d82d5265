using Google.Protobuf;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>Writes each message of a response stream and flushes it at once.</summary>
internal sealed class HttpStreamWriter<T>(GrpcServerCallContext call) : IServerStreamWriter<T>
    where T : IMessage<T>
{
    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        if (!call.WriteMessage(message))
        {
            throw new InvalidOperationException("The call has already ended; no more messages can be sent.");
        }

        await call.FlushAsync(cancellationToken);
    }
}
