using Google.Protobuf.WellKnownTypes;
using LongRunning.Emulator.V1;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// One call as the journal keeps it: plain values in a struct, so that recording
/// a call allocates nothing the journal must hold on to besides strings the call
/// already had. A <see cref="CallRecord"/> is built only when a client reads it.
/// </summary>
internal readonly record struct CallJournalEntry(
    DateTimeOffset Time,
    string Protocol,
    string Method,
    string Resource,
    CallJournalHeaders Headers,
    TimeSpan? Timeout,
    int StatusCode,
    TimeSpan Latency,
    TimeSpan? Gap = null)
{
    public CallRecord ToRecord()
    {
        var record = new CallRecord
        {
            Time = Timestamp.FromDateTimeOffset(Time),
            Protocol = Protocol,
            Method = Method,
            Resource = Resource,
            StatusCode = StatusCode,
            Latency = Duration.FromTimeSpan(Latency),
        };
        Headers.CopyTo(record.Headers);
        if (Timeout is { } timeout)
        {
            record.Timeout = Duration.FromTimeSpan(timeout);
        }

        if (Gap is { } gap)
        {
            record.Gap = Duration.FromTimeSpan(gap);
        }

        return record;
    }
}
