namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Views a task's result as a base type. Handlers mostly answer at once, so a
/// finished task is re-wrapped directly instead of through an async state machine.
/// </summary>
internal static class TaskConversion
{
    public static Task<TTo> As<TFrom, TTo>(Task<TFrom> task)
        where TFrom : TTo =>
        task.IsCompletedSuccessfully ? Task.FromResult<TTo>(task.Result) : AwaitAsync<TFrom, TTo>(task);

    private static async Task<TTo> AwaitAsync<TFrom, TTo>(Task<TFrom> task)
        where TFrom : TTo =>
        await task;
}
