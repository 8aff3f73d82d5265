namespace LongRunningService.Storage.Postgres;

/// <summary>Runs on, from its stored state, work whose lease this server took over from one that stopped renewing it.</summary>
internal interface IWorkAdopter
{
    /// <summary>The operation's work is this server's now; must not throw.</summary>
    void AdoptOperation(string name);

    /// <summary>The job is this server's to drive now; must not throw.</summary>
    void AdoptJob(string name);
}
