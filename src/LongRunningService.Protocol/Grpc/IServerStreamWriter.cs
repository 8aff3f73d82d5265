namespace LongRunningService.Protocol.Grpc;

/// <summary>Sends the messages of a server-streaming or bidirectional call.</summary>
internal interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
