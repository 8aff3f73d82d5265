using System.Text;

namespace LongRunningService.Robustness;

/// <summary>Reads the few response fields the ledger checks, straight from the wire format.</summary>
internal static class ProtoReader
{
    /// <summary>The fields of a message by number: varints as numbers, length-delimited ones as bytes. Null when malformed.</summary>
    public static Dictionary<int, List<object>>? Fields(ReadOnlySpan<byte> message)
    {
        var fields = new Dictionary<int, List<object>>();
        var at = 0;
        while (at < message.Length)
        {
            if (!TryVarint(message, ref at, out var tag))
            {
                return null;
            }

            var field = (int)(tag >> 3);
            object value;
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryVarint(message, ref at, out var number))
                    {
                        return null;
                    }

                    value = number;
                    break;
                case 1:
                    if (at + 8 > message.Length)
                    {
                        return null;
                    }

                    value = message.Slice(at, 8).ToArray();
                    at += 8;
                    break;
                case 2:
                    if (!TryVarint(message, ref at, out var length) || length > (ulong)(message.Length - at))
                    {
                        return null;
                    }

                    value = message.Slice(at, (int)length).ToArray();
                    at += (int)length;
                    break;
                case 5:
                    if (at + 4 > message.Length)
                    {
                        return null;
                    }

                    value = message.Slice(at, 4).ToArray();
                    at += 4;
                    break;
                default:
                    return null;
            }

            if (!fields.TryGetValue(field, out var list))
            {
                fields[field] = list = [];
            }

            list.Add(value);
        }

        return fields;
    }

    public static string? String(Dictionary<int, List<object>> fields, int field) =>
        fields.TryGetValue(field, out var values) && values[^1] is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;

    public static ulong Number(Dictionary<int, List<object>> fields, int field) =>
        fields.TryGetValue(field, out var values) && values[^1] is ulong number ? number : 0;

    public static byte[]? Message(Dictionary<int, List<object>> fields, int field) =>
        fields.TryGetValue(field, out var values) ? values[^1] as byte[] : null;

    private static bool TryVarint(ReadOnlySpan<byte> bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < bytes.Length; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
