namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>Our response stream writer over the library's; headers a handler set go out before the first message.</summary>
internal sealed class ServedStreamWriter<T>(global::Grpc.Core.IServerStreamWriter<T> stream, ServedCallContext call) : IServerStreamWriter<T>
{
    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        await call.FlushResponseHeadersAsync();
        await stream.WriteAsync(message, cancellationToken);
    }
}
