namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>Our request stream reader over the library's.</summary>
internal sealed class ServedStreamReader<T>(global::Grpc.Core.IAsyncStreamReader<T> stream) : IAsyncStreamReader<T>
{
    public T Current => stream.Current;

    public Task<bool> MoveNext(CancellationToken cancellationToken) => stream.MoveNext(cancellationToken);
}
