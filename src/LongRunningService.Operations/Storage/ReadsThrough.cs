namespace LongRunningService.Operations.Storage;

/// <summary>
/// Reads of names a server does not hold, through to the store several servers
/// share, with the removals heard while each was in progress: a record read just
/// before another server's removal of it committed must not be held once that
/// removal has been applied, where nothing would ever remove it again.
/// </summary>
internal sealed class ReadsThrough(object gate)
{
    // Under the gate: the reads in progress, by name.
    private readonly Dictionary<string, List<Read>> _reads = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads <paramref name="name"/> with <paramref name="read"/> outside the gate, then, under it,
    /// gives <paramref name="takeIn"/> the record: null when the store had none, or when a removal of
    /// the name was heard during the read. A read during which changes may have been missed is made again.
    /// </summary>
    public TResult? Through<TRecord, TResult>(string name, Func<string, TRecord?> read, Func<TRecord?, TResult?> takeIn)
        where TRecord : class
        where TResult : class
    {
        while (true)
        {
            var pending = new Read(name);
            lock (gate)
            {
                if (!_reads.TryGetValue(name, out var reads))
                {
                    reads = [];
                    _reads.Add(name, reads);
                }

                reads.Add(pending);
            }

            TRecord? record;
            try
            {
                record = read(name);
            }
            catch
            {
                lock (gate)
                {
                    End(pending);
                }

                throw;
            }

            lock (gate)
            {
                End(pending);
                if (pending.Stale)
                {
                    return takeIn(null);
                }

                if (!pending.ReadAgain)
                {
                    return takeIn(record);
                }
            }
        }
    }

    /// <summary>Under the gate: another server removed <paramref name="name"/>, so every read of it in progress is stale.</summary>
    public void Removed(string name)
    {
        if (_reads.TryGetValue(name, out var reads))
        {
            foreach (var read in reads)
            {
                read.Stale = true;
            }
        }
    }

    /// <summary>
    /// Under the gate: changes may have been missed (the store's feed was cut off), so what every
    /// read in progress found may predate a removal that will never be heard: each is made again.
    /// </summary>
    public void ReadAllAgain()
    {
        foreach (var read in _reads.Values.SelectMany(r => r))
        {
            read.ReadAgain = true;
        }
    }

    private void End(Read read)
    {
        var reads = _reads[read.Name];
        reads.Remove(read);
        if (reads.Count == 0)
        {
            _reads.Remove(read.Name);
        }
    }

    private sealed class Read(string name)
    {
        public string Name { get; } = name;

        public bool Stale { get; set; }

        public bool ReadAgain { get; set; }
    }
}
