using LongRunning.Emulator.V1;
using Microsoft.Extensions.Options;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// The calls clients made, newest last, bounded in size (the oldest go first).
/// Each record knows the gap since the previous call on the same resource,
/// which is how a test checks that its client polls at the intervals it claims.
/// </summary>
internal sealed class CallJournal(IOptions<OperationsEmulatorOptions> options)
{
    private readonly object _lock = new();
    private readonly LinkedList<(long Sequence, CallRecord Record)> _records = new();
    private readonly Dictionary<string, DateTimeOffset> _lastByResource = new(StringComparer.Ordinal);
    private readonly int _capacity = Math.Max(1, options.Value.JournalSize);
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Adds a record, filling in its gap since the last call on its resource.</summary>
    public void Add(CallRecord record, DateTimeOffset arrived)
    {
        lock (_lock)
        {
            if (record.Resource.Length > 0)
            {
                if (_lastByResource.TryGetValue(record.Resource, out var previous))
                {
                    record.Gap = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(arrived - previous);
                }

                _lastByResource[record.Resource] = arrived;
            }

            _records.AddLast((++_sequence, record));
            while (_records.Count > _capacity)
            {
                _records.RemoveFirst();
            }
        }
    }

    /// <summary>Records matching <paramref name="predicate"/> after position <paramref name="after"/>, and the last position returned.</summary>
    public (List<CallRecord> Records, long Last, bool HasMore) Page(Func<CallRecord, bool> predicate, long after, int pageSize)
    {
        lock (_lock)
        {
            var page = new List<CallRecord>();
            var last = after;
            foreach (var (sequence, record) in _records)
            {
                if (sequence <= after || !predicate(record))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    return (page, last, true);
                }

                page.Add(record.Clone());
                last = sequence;
            }

            return (page, last, false);
        }
    }

    /// <summary>Forgets the records that match; returns how many.</summary>
    public int RemoveWhere(Func<CallRecord, bool> predicate)
    {
        lock (_lock)
        {
            var removed = 0;
            var node = _records.First;
            while (node is not null)
            {
                var next = node.Next;
                if (predicate(node.Value.Record))
                {
                    _records.Remove(node);
                    removed++;
                }

                node = next;
            }

            foreach (var resource in _lastByResource.Keys.Where(r => !_records.Any(x => x.Record.Resource == r)).ToList())
            {
                _lastByResource.Remove(resource);
            }

            return removed;
        }
    }
}
