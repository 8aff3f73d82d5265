using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// The UTF-8 JSON of recently answered response messages, by instance. Services
/// hand the same message out again while it stays what it is (an operation's
/// state is a snapshot that is replaced, never changed, and every poll gets that
/// snapshot), so a client polling one operation has it formatted once instead of
/// on every call. Formatting is the largest cost of a REST answer.
/// </summary>
/// <remarks>
/// Safe for messages changed in place after all: an instance is cached only the
/// second time it is answered, together with a copy of its content at that
/// moment, and a hit needs the very same instance still equal to that copy (map
/// entries refilled in another order would still print in the cached order).
/// Direct-mapped and bounded: a slot keeps the last instance that landed in it,
/// and answers above <see cref="MaxCachedBytes"/> (long lists, built afresh for
/// every call anyway) are left out, so the cache holds a few megabytes at most.
/// </remarks>
internal sealed class RestResponseCache
{
    /// <summary>The largest answer kept, in bytes; an operation's JSON is well under it.</summary>
    public const int MaxCachedBytes = 16 * 1024;

    private const int SlotCount = 256;
    private readonly Entry?[] _slots = new Entry?[SlotCount];

    /// <summary>The cached JSON of <paramref name="response"/> written as <paramref name="variant"/>; null on a miss.</summary>
    public byte[]? TryGet(IMessage response, RestResponseVariant variant)
    {
        var entry = Volatile.Read(ref _slots[SlotOf(response, variant)]);
        return entry is { Json: { } json, Copy: { } copy }
            && ReferenceEquals(entry.Source, response)
            && entry.Variant == variant
            && copy.Equals(response)
                ? json
                : null;
    }

    /// <summary>
    /// Records that <paramref name="response"/> was answered with <paramref name="json"/>:
    /// the first time only as seen, the second time with its JSON and a copy to check hits against.
    /// </summary>
    public void Add(IMessage response, RestResponseVariant variant, byte[] json)
    {
        if (json.Length > MaxCachedBytes)
        {
            return;
        }

        ref var slot = ref _slots[SlotOf(response, variant)];
        var seen = Volatile.Read(ref slot);
        var entry = seen is not null && ReferenceEquals(seen.Source, response) && seen.Variant == variant
            ? new Entry(response, variant, Copy(response), json)
            : new Entry(response, variant, null, null);
        Volatile.Write(ref slot, entry);
    }

    private static int SlotOf(IMessage response, RestResponseVariant variant) =>
        (int)((uint)HashCode.Combine(RuntimeHelpers.GetHashCode(response), variant) % SlotCount);

    private static IMessage Copy(IMessage message) => message.Descriptor.Parser.ParseFrom(message.ToByteString());

    private sealed record Entry(IMessage Source, RestResponseVariant Variant, IMessage? Copy, byte[]? Json);
}
