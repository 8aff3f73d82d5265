using Google.Rpc;
using LongRunningService.Operations.Jobs;
using LongRunningService.Operations.Storage;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Storage.Sqlite;

/// <summary>
/// The binary form of a job's script and of its changing state in a data
/// file: fixed-width fields, versioned by the schema. Reading checks every
/// value it takes (states, counts, times), so a damaged record is refused
/// with <see cref="FormatException"/>, never loaded half.
/// </summary>
internal static class JobRecordCodec
{
    private const int MaxListLength = 1_000_000;

    public static byte[] WriteScript(JobScript script)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(script.Queued.Ticks);
            writer.Write(script.Pending.Ticks);
            writer.Write(script.Running.Ticks);
            writer.Write(script.Fails);
            writer.Write((int)script.FailureCode);
            writer.Write(script.IgnoreCancellation);
            writer.Write(script.CancelDelay.Ticks);
        }

        return buffer.ToArray();
    }

    public static JobScript ReadScript(byte[] bytes) => Read(bytes, reader => new JobScript(
        Duration(reader),
        Duration(reader),
        Duration(reader),
        reader.ReadBoolean(),
        Code(reader),
        reader.ReadBoolean(),
        Duration(reader)));

    public static byte[] WriteState(StoredJobState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            var status = state.Status;
            writer.Write((int)status.State);
            writer.Write(status.CreateTime.UtcTicks);
            WriteOptional(writer, status.StartTime);
            WriteOptional(writer, status.EndTime);
            writer.Write(status.UpdateTime.UtcTicks);
            var error = status.Error is null ? [] : Google.Protobuf.MessageExtensions.ToByteArray(status.Error);
            writer.Write(status.Error is not null);
            writer.Write(error.Length);
            writer.Write(error);
            writer.Write(state.History.Count);
            foreach (var (entered, at) in state.History)
            {
                writer.Write((int)entered);
                writer.Write(at.UtcTicks);
            }

            writer.Write(state.FinishedUnits.Count);
            foreach (var at in state.FinishedUnits)
            {
                writer.Write(at.UtcTicks);
            }
        }

        return buffer.ToArray();
    }

    public static StoredJobState ReadState(string name, byte[] bytes, bool deleting) => Read(bytes, reader =>
    {
        var state = State(reader);
        var created = Time(reader);
        var started = OptionalTime(reader);
        var ended = OptionalTime(reader);
        var updated = Time(reader);
        var hasError = reader.ReadBoolean();
        var errorBytes = reader.ReadBytes(Count(reader, int.MaxValue));
        var error = hasError ? RpcStatus.Parser.ParseFrom(errorBytes) : null;
        var history = new List<(JobLifecycleState, DateTimeOffset)>();
        for (var count = Count(reader, MaxListLength); count > 0; count--)
        {
            history.Add((State(reader), Time(reader)));
        }

        var units = new List<DateTimeOffset>();
        for (var count = Count(reader, MaxListLength); count > 0; count--)
        {
            units.Add(Time(reader));
        }

        return new StoredJobState(new JobStatus(name, state, created, started, ended, updated, error), history, units, deleting);
    });

    private static T Read<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            var value = read(reader);
            return reader.BaseStream.Position == bytes.Length ? value : throw new FormatException("trailing bytes");
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException or Google.Protobuf.InvalidProtocolBufferException or ArgumentOutOfRangeException)
        {
            throw new FormatException(exception.Message, exception);
        }
    }

    private static void WriteOptional(BinaryWriter writer, DateTimeOffset? time)
    {
        writer.Write(time is not null);
        writer.Write(time?.UtcTicks ?? 0);
    }

    private static DateTimeOffset Time(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        return ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new FormatException("a time out of range");
    }

    private static DateTimeOffset? OptionalTime(BinaryReader reader)
    {
        var present = reader.ReadBoolean();
        var time = Time(reader);
        return present ? time : null;
    }

    private static TimeSpan Duration(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        return ticks >= 0 ? TimeSpan.FromTicks(ticks) : throw new FormatException("a negative duration");
    }

    private static JobLifecycleState State(BinaryReader reader)
    {
        var value = reader.ReadInt32();
        return Enum.IsDefined((JobLifecycleState)value) ? (JobLifecycleState)value : throw new FormatException("an unknown job state");
    }

    private static Code Code(BinaryReader reader)
    {
        var value = reader.ReadInt32();
        return Enum.IsDefined((Code)value) ? (Code)value : throw new FormatException("an unknown status code");
    }

    private static int Count(BinaryReader reader, int most)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= most ? count : throw new FormatException("a count out of range");
    }
}
