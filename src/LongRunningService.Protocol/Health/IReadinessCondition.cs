namespace LongRunningService.Protocol.Health;

/// <summary>Something the server needs in order to serve, such as a shared database: while it is not ready, <c>/healthz</c> answers 503.</summary>
internal interface IReadinessCondition
{
    bool IsReady { get; }
}
