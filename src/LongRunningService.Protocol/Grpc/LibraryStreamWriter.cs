namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Our response stream, as Grpc.Core's, for the service implementations of
/// gRPC's own packages. As with Grpc.Core's writers, a write is not cancelled
/// by a token: it fails if the call is gone.
/// </summary>
internal sealed class LibraryStreamWriter<T>(IServerStreamWriter<T> stream) : global::Grpc.Core.IServerStreamWriter<T>
{
    public global::Grpc.Core.WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message) => stream.WriteAsync(message, CancellationToken.None);
}
