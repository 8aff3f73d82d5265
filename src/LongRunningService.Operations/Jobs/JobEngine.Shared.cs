using Google.Protobuf;
using LongRunningService.Operations.Storage;

namespace LongRunningService.Operations.Jobs;

/// <summary>
/// The engine over a store that several servers share. Jobs another server
/// drives are held as observed copies: never run here, replaced by their
/// stored record whenever that server changes them. A name not held is read
/// through to the store. A cancellation accepted elsewhere reaches the job
/// this server drives; a job whose driver is gone is taken over and runs on
/// from its stored state.
/// </summary>
internal sealed partial class JobEngine
{
    // Jobs held here that another server drives; a job leaves it when this server takes it over.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SimulatedJob, object> _observed = [];
    private Func<string, StoredJob?>? _readThrough;
    private ReadsThrough? _reads;
    private Func<StoredJob, (JobResourceType Type, IMessage Resource)?>? _materialize;

    /// <summary>
    /// From now on, a name not held is looked up in <paramref name="read"/> (the
    /// shared store); <paramref name="materialize"/> gives a stored job's type and resource, or null for a type this server does not run.
    /// </summary>
    internal void ReadThroughTo(Func<string, StoredJob?> read, Func<StoredJob, (JobResourceType Type, IMessage Resource)?> materialize)
    {
        _materialize = materialize;
        _reads = new ReadsThrough(_gate);
        _readThrough = read;
    }

    /// <summary>The store's changes may have been missed: reads through to it in progress are made again.</summary>
    internal void ChangesMayHaveBeenMissed()
    {
        lock (_gate)
        {
            _reads?.ReadAllAgain();
        }
    }

    /// <summary>Takes another server's change of a job: its record as now stored, or null when it was removed.</summary>
    internal void ApplyStored(string name, StoredJob? record)
    {
        SimulatedJob? driven;
        lock (_gate)
        {
            _byName.TryGetValue(name, out var held);
            if (record is null)
            {
                _reads?.Removed(name);
                if (held is not null)
                {
                    held.Forget();
                    Remove(held);
                }

                return;
            }

            if (held is null && _creating.Contains(name))
            {
                return; // being created here: this server's record wins, or its write fails
            }

            if (held is null || _observed.TryGetValue(held, out _))
            {
                if (held is not null)
                {
                    Remove(held);
                }

                Observe(record);
                return;
            }

            driven = held;
        }

        // Driven here: a cancellation or a deletion accepted by another server reaches it.
        if (record.State.Status.State == JobLifecycleState.Cancelling && !driven.Status.State.IsTerminal()
            && driven.TryRequestCancel(_clock.GetUtcNow(), out _))
        {
            JobLog.StateChanged(_logger, name, JobLifecycleState.Cancelling);
        }

        if (record.State.Deleting)
        {
            driven.Deleting = true;
        }
    }

    /// <summary>Holds jobs read back at start that another server drives, without running them; names held already are skipped.</summary>
    internal void Hold(IReadOnlyList<(JobResourceType Type, StoredJob Stored, IMessage Resource)> stored)
    {
        lock (_gate)
        {
            foreach (var (type, record, resource) in stored.Where(j => !_byName.ContainsKey(j.Stored.Name)))
            {
                Observe(record, type, resource);
            }
        }
    }

    /// <summary>Drives a job whose former driver is gone, from its stored state: its stages fall due against the clock from its timeline.</summary>
    internal void TakeOver(StoredJob record)
    {
        if (_materialize?.Invoke(record) is not { } made)
        {
            return;
        }

        SimulatedJob job;
        lock (_gate)
        {
            if (_byName.TryGetValue(record.Name, out var held))
            {
                held.Forget();
                Remove(held);
            }

            job = new SimulatedJob(made.Type, record, made.Resource) { Recorder = Recorder };
            Index(job);
            if (job.Status.State.IsTerminal())
            {
                job.FinishedNode = _finished.AddLast(job);
                return;
            }
        }

        _ = _runner.RunAsync(job, OnFinished);
    }

    // Under the gate: holds another server's job as stored, without running it.
    private SimulatedJob? Observe(StoredJob record) =>
        _materialize?.Invoke(record) is { } made ? Observe(record, made.Type, made.Resource) : null;

    private SimulatedJob Observe(StoredJob record, JobResourceType type, IMessage resource)
    {
        var job = new SimulatedJob(type, record, resource) { Recorder = Recorder };
        Index(job);
        _observed.Add(job, job);
        KeepGeneratedIdsClearOf(record.Name);
        if (job.Status.State.IsTerminal())
        {
            job.FinishedNode = _finished.AddLast(job);
        }

        return job;
    }

    // A job being created here is not found until its creation answers.
    private SimulatedJob? ReadThrough(string name) =>
        _readThrough is { } read && _reads is { } reads
            ? reads.Through(name, read, record =>
                _byName.TryGetValue(name, out var held) ? held : record is null || _creating.Contains(name) ? null : Observe(record))
            : null;
}
