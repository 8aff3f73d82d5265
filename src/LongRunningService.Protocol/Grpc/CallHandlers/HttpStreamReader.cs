using Google.Protobuf;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>Reads each message of a request stream as the handler asks for it.</summary>
internal sealed class HttpStreamReader<T>(GrpcServerCallContext call, GrpcMessageReader reader) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true yet.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, cancellationToken);
        var message = await reader.ReadNextAsync(GrpcMethodTypes<T>.Descriptor, linked.Token);
        _current = (T?)message;
        return message is not null;
    }
}
