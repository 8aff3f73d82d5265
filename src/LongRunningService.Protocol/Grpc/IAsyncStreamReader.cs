namespace LongRunningService.Protocol.Grpc;

/// <summary>Receives the messages of a client-streaming or bidirectional call.</summary>
internal interface IAsyncStreamReader<out T>
{
    /// <summary>The message that the last successful <see cref="MoveNext"/> read.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false once the client has half-closed.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}
