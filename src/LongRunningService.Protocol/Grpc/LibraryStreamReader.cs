namespace LongRunningService.Protocol.Grpc;

/// <summary>Our request stream, as Grpc.Core's, for the service implementations of gRPC's own packages.</summary>
internal sealed class LibraryStreamReader<T>(IAsyncStreamReader<T> stream) : global::Grpc.Core.IAsyncStreamReader<T>
{
    public T Current => stream.Current;

    public Task<bool> MoveNext(CancellationToken cancellationToken) => stream.MoveNext(cancellationToken);
}
