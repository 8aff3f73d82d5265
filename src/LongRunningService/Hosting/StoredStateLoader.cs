using Google.Protobuf;
using Google.Rpc;
using LongRunningService.Configuration;
using LongRunningService.Contracts;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Operations.Timing;
using LongRunningService.Services.Vertex;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Hosting;

/// <summary>
/// Reads the store back while the server is built, before it listens: the
/// clock first (so stored times and due times agree), then operations and
/// jobs, whose unfinished work runs on against the clock; the page token key,
/// for the services that sign page tokens. From then on every change of the
/// clock is recorded. A store that cannot be read stops the start with one
/// message.
/// </summary>
internal sealed partial class StoredStateLoader(
    IStateStore store,
    EmulatorClock clock,
    InMemoryOperationRegistry operations,
    JobEngine jobs,
    IEnumerable<IOperationResumer> resumers,
    ILogger<StoredStateLoader> logger)
{
    /// <summary>The message of an operation whose work could not be run on after a restart.</summary>
    public const string NotResumedMessage = "The server restarted and the work behind this operation could not be resumed.";

    private byte[]? _pageTokenKey;

    /// <summary>The store's page token key, once <see cref="Load"/> has read it.</summary>
    public byte[] PageTokenKey => _pageTokenKey ?? throw new InvalidOperationException("The page token key is read with the store, which is not loaded yet.");

    /// <summary>Loads what the store holds; true when it held any operation or job.</summary>
    /// <exception cref="InvalidConfigurationException">The store cannot be read, or holds a job of a type this server does not run.</exception>
    public bool Load()
    {
        StoredState state;
        try
        {
            state = store.Load();
        }
        catch (StateStoreException exception)
        {
            throw new InvalidConfigurationException(exception.Message.StartsWith(store.Setting, StringComparison.Ordinal) ? exception.Message : $"{store.Setting}: {exception.Message}");
        }

        _pageTokenKey = state.PageTokenKey;
        if (state.Clock is { } stored)
        {
            clock.Restore(stored);
        }

        if (store.KeepsRecords)
        {
            clock.Changed += Record;
        }

        var running = operations.Restore(state.Operations);
        // On a shared store, work that another server drives is held here, not run.
        var loaded = state.Jobs.Select(Resolve).ToList();
        jobs.Hold(loaded.Where(j => !j.Stored.State.Status.State.IsTerminal() && !store.DrivesLoaded(j.Stored.Name)).ToList());
        jobs.Reload(loaded);
        foreach (var (handle, record) in running.Where(r => store.DrivesLoaded(r.Handle.Name)))
        {
            Resume(handle, record.Work);
        }

        if (state.Operations.Count + state.Jobs.Count > 0)
        {
            Log.Loaded(logger, store.Kind, state.Operations.Count, running.Count, state.Jobs.Count);
        }

        return state.Operations.Count + state.Jobs.Count > 0;
    }

    private (JobResourceType Type, StoredJob Stored, IMessage Resource) Resolve(StoredJob job)
    {
        var type = VertexJobCatalog.ForMessage(job.TypeName)
            ?? throw new InvalidConfigurationException($"{store.Setting}: the store holds job '{ClientText.Prefix(job.Name)}' of type '{ClientText.Prefix(job.TypeName)}', which this server does not run.");
        try
        {
            return (type, job, type.Descriptor.Parser.ParseFrom(job.Resource));
        }
        catch (InvalidProtocolBufferException)
        {
            throw new InvalidConfigurationException($"{store.Setting}: the store holds job '{ClientText.Prefix(job.Name)}', whose resource cannot be read.");
        }
    }

    /// <summary>
    /// Runs an operation's work on from its record (after a restart, or taken over from a server that
    /// died); work of no known kind (or none recorded) cannot go on: it ends at once rather than run forever.
    /// </summary>
    internal void Resume(OperationHandle handle, OperationWork? work)
    {
        if (work is not null && resumers.FirstOrDefault(r => r.Kind == work.Kind) is { } resumer)
        {
            try
            {
                resumer.Resume(handle, work);
                return;
            }
            catch (FormatException)
            {
                // Falls through: ended below.
            }
        }

        Log.NotResumed(logger, handle.Name, work?.Kind ?? "(none)");
        handle.TryFail(new RpcStatus { Code = (int)Code.Aborted, Message = NotResumedMessage });
    }

    private void Record(StoredClock state)
    {
        try
        {
            store.SaveClock(state);
        }
        catch (StateStoreException exception)
        {
            Log.ClockNotRecorded(logger, exception.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(700, LogLevel.Information, "Loaded from the {Store} store: {Operations} operations ({Running} running on) and {Jobs} jobs")]
        public static partial void Loaded(ILogger logger, string store, int operations, int running, int jobs);

        [LoggerMessage(701, LogLevel.Warning, "Operation {Name} ended ABORTED: its work (kind {Kind}) cannot be resumed after a restart")]
        public static partial void NotResumed(ILogger logger, string name, string kind);

        [LoggerMessage(702, LogLevel.Error, "The clock's change could not be recorded: {Reason}")]
        public static partial void ClockNotRecorded(ILogger logger, string reason);
    }
}
