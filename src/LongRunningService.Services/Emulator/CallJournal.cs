using LongRunning.Emulator.V1;
using Microsoft.Extensions.Options;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// The calls clients made, newest last, bounded in size (the oldest go first).
/// Each record knows the gap since the previous call on the same resource,
/// which is how a test checks that its client polls at the intervals it claims.
/// Entries live in a ring of structs: recording a call on the hot path adds no
/// long-lived objects for the garbage collector to promote.
/// </summary>
internal sealed class CallJournal(IOptions<OperationsEmulatorOptions> options)
{
    private readonly object _lock = new();
    private readonly (long Sequence, CallJournalEntry Entry)[] _ring = new (long, CallJournalEntry)[Math.Max(1, options.Value.JournalSize)];
    private readonly Dictionary<string, DateTimeOffset> _lastByResource = new(StringComparer.Ordinal);
    private int _first;
    private int _count;
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds an entry, filling in its gap since the last call on its resource.</summary>
    public void Add(CallJournalEntry entry)
    {
        lock (_lock)
        {
            if (entry.Resource.Length > 0)
            {
                if (_lastByResource.TryGetValue(entry.Resource, out var previous))
                {
                    entry = entry with { Gap = entry.Time - previous };
                }

                _lastByResource[entry.Resource] = entry.Time;
            }

            if (_count == _ring.Length)
            {
                _first = (_first + 1) % _ring.Length;
                _count--;
            }

            _ring[(_first + _count) % _ring.Length] = (++_sequence, entry);
            _count++;

            // Resources whose calls all left the ring are forgotten now and then, so the map stays bounded.
            if (_lastByResource.Count > 2 * _ring.Length)
            {
                ForgetResourcesNotInRing();
            }
        }
    }

    /// <summary>Records matching <paramref name="predicate"/> after position <paramref name="after"/>, and the last position returned.</summary>
    public (List<CallRecord> Records, long Last, bool HasMore) Page(Func<CallJournalEntry, bool> predicate, long after, int pageSize)
    {
        lock (_lock)
        {
            var page = new List<CallRecord>();
            var last = after;
            for (var i = 0; i < _count; i++)
            {
                var (sequence, entry) = _ring[(_first + i) % _ring.Length];
                if (sequence <= after || !predicate(entry))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    return (page, last, true);
                }

                page.Add(entry.ToRecord());
                last = sequence;
            }

            return (page, last, false);
        }
    }

    /// <summary>Forgets the entries that match; returns how many.</summary>
    public int RemoveWhere(Func<CallJournalEntry, bool> predicate)
    {
        lock (_lock)
        {
            var kept = 0;
            for (var i = 0; i < _count; i++)
            {
                var item = _ring[(_first + i) % _ring.Length];
                if (!predicate(item.Entry))
                {
                    _ring[(_first + kept) % _ring.Length] = item;
                    kept++;
                }
            }

            for (var i = kept; i < _count; i++)
            {
                _ring[(_first + i) % _ring.Length] = default;
            }

            var removed = _count - kept;
            _count = kept;
            ForgetResourcesNotInRing();
            return removed;
        }
    }

    private void ForgetResourcesNotInRing()
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _count; i++)
        {
            present.Add(_ring[(_first + i) % _ring.Length].Entry.Resource);
        }

        foreach (var resource in _lastByResource.Keys.Where(r => !present.Contains(r)).ToList())
        {
            _lastByResource.Remove(resource);
        }
    }
}
