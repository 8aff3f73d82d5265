using System.Text;

namespace LongRunningService.Robustness;

/// <summary>
/// A minimal protobuf writer: enough wire format to build every request the
/// suite sends by hand, so nothing of the server's own code is involved.
/// </summary>
internal sealed class Proto
{
    private readonly List<byte> _bytes = [];

    public static Proto New() => new();

    public Proto Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public Proto Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public Proto Msg(int field, Proto message) => Bytes(field, message.ToArray());

    public Proto Int(int field, long value)
    {
        Tag(field, 0);
        Varint(unchecked((ulong)value));
        return this;
    }

    public Proto Bool(int field, bool value) => Int(field, value ? 1 : 0);

    public Proto Double(int field, double value)
    {
        Tag(field, 1);
        _bytes.AddRange(BitConverter.GetBytes(value));
        return this;
    }

    /// <summary>A google.protobuf.Duration.</summary>
    public static Proto Duration(long seconds, int nanos = 0) => New().Int(1, seconds).Int(2, nanos);

    public byte[] ToArray() => [.. _bytes];

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }
}
