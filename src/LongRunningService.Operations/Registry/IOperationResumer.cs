using LongRunningService.Operations.Storage;

namespace LongRunningService.Operations.Registry;

/// <summary>
/// Runs on, after a restart, the work of running operations of one
/// <see cref="Kind"/>: the work's owner starts operations with an
/// <see cref="OperationWork"/> of that kind and resumes them here.
/// </summary>
internal interface IOperationResumer
{
    /// <summary>The <see cref="OperationWork.Kind"/> this resumer reads.</summary>
    string Kind { get; }

    /// <summary>
    /// Runs the work behind <paramref name="handle"/> on from
    /// <paramref name="work"/>, against the clock: it ends as its script says,
    /// at once when its end fell due while the server was down; a cancellation
    /// requested before the restart reaches it through the handle as usual.
    /// </summary>
    /// <exception cref="FormatException">The payload is not one this resumer wrote; the operation is ended instead.</exception>
    void Resume(OperationHandle handle, OperationWork work);
}
