using System.Text;

namespace LongRunningService.Robustness;

/// <summary>Seeded changes to a valid request, so every case can be replayed from the seed.</summary>
internal sealed class Mutator(Random random)
{
    public Random Random { get; } = random;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>A protobuf message changed at the byte level, or rebuilt with odd fields.</summary>
    public byte[] Bytes(byte[] message)
    {
        var bytes = new List<byte>(message);
        var rounds = 1 + Random.Next(3);
        for (var round = 0; round < rounds; round++)
        {
            switch (Random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    var at = Random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << Random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[Random.Next(bytes.Count)] = (byte)Random.Next(256);
                    break;
                case 2:
                    bytes.InsertRange(Random.Next(bytes.Count + 1), RandomBytes(1 + Random.Next(16)));
                    break;
                case 3 when bytes.Count > 1:
                    var start = Random.Next(bytes.Count);
                    bytes.RemoveRange(start, Math.Min(bytes.Count - start, 1 + Random.Next(8)));
                    break;
                case 4 when bytes.Count > 1:
                    var cut = Random.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                case 5:
                    bytes.AddRange(OddField());
                    break;
                case 6:
                    bytes.AddRange(Proto.New().Str(1 + Random.Next(4), Pick(StrangeText.Names)).ToArray());
                    break;
                default:
                    bytes.AddRange(bytes.ToArray());
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>JSON changed as text: characters, values, nesting.</summary>
    public string Json(string json)
    {
        var text = new StringBuilder(json);
        var rounds = 1 + Random.Next(3);
        for (var round = 0; round < rounds; round++)
        {
            switch (Random.Next(9))
            {
                case 0 when text.Length > 0:
                    text[Random.Next(text.Length)] = Pick(JsonCharacters)[0];
                    break;
                case 1:
                    text.Insert(Random.Next(text.Length + 1), Pick(JsonCharacters));
                    break;
                case 2 when text.Length > 1:
                    text.Remove(Random.Next(text.Length), 1);
                    break;
                case 3 when text.Length > 1:
                    text.Length = Random.Next(text.Length);
                    break;
                case 4:
                    Splice(text, "\"" + Pick(JsonKeys) + "\":" + Pick(JsonValues) + ",");
                    break;
                case 5:
                    Splice(text, Pick(JsonValues));
                    break;
                case 6:
                    var depth = Random.Next(50, 20_000);
                    Splice(text, new string('[', depth) + new string(']', depth));
                    break;
                case 7:
                    Splice(text, System.Text.Json.JsonSerializer.Serialize(Pick(StrangeText.Names)) + ",");
                    break;
                default:
                    text.Insert(0, "{\"a\":").Append('}');
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A path with one segment replaced by a strange name, and sometimes an odd query.</summary>
    public string Path(string path)
    {
        var segments = path.Split('/');
        if (segments.Length > 2 && Random.Next(2) == 0)
        {
            var name = Pick(StrangeText.Names);
            segments[1 + Random.Next(segments.Length - 1)] = Random.Next(2) == 0 ? Uri.EscapeDataString(name[..Math.Min(name.Length, 4096)]) : Raw(name);
        }

        var result = string.Join('/', segments);
        if (Random.Next(2) == 0)
        {
            result += (result.Contains('?', StringComparison.Ordinal) ? "&" : "?") + Pick(Queries);
        }

        return result;
    }

    // Only what HttpClient lets through unescaped; the rest goes escaped.
    private static string Raw(string name) =>
        name.Length > 4096 || name.Any(c => c < ' ' || c > '~') ? Uri.EscapeDataString(name[..Math.Min(name.Length, 4096)]) : name;

    private static void Splice(StringBuilder text, string piece)
    {
        var at = text.ToString().IndexOf(':', StringComparison.Ordinal);
        text.Insert(at < 0 ? text.Length : at + 1, piece);
    }

    private byte[] OddField()
    {
        var field = Random.Next(1, 40);
        return Random.Next(5) switch
        {
            0 => Proto.New().Int(field, Random.NextInt64(long.MinValue, long.MaxValue)).ToArray(),
            1 => Proto.New().Double(field, Pick(Doubles)).ToArray(),
            2 => Proto.New().Msg(field, Proto.Duration(Pick(StrangeText.Durations).Seconds, Pick(StrangeText.Durations).Nanos)).ToArray(),
            3 => Proto.New().Bytes(field, RandomBytes(Random.Next(64))).ToArray(),
            _ => Proto.New().Msg(field, Proto.New().Str(1, "type.googleapis.com/acme.Unknown").Bytes(2, RandomBytes(8))).ToArray(),
        };
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.NextBytes(bytes);
        return bytes;
    }

    private static readonly double[] Doubles = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 1e-300, 1e300, double.Epsilon];

    private static readonly string[] JsonCharacters = ["{", "}", "[", "]", "\"", ",", ":", "\\", "\0", "0", "-", "e", "n", "\u00ff", "\ud800"];

    private static readonly string[] JsonKeys = ["name", "parent", "pageSize", "pageToken", "filter", "timeout", "duration", "scale", "mode", "count", "labels", "@type", "unknownField", "pipelineSpec", "state"];

    private static readonly string[] JsonValues =
    [
        "null", "true", "-1", "1e999", "-9223372036854775809", "18446744073709551616", "\"\"", "\"-1s\"", "\"1e400s\"", "\"99999999999999999999s\"",
        "\"9999-12-31T23:59:60Z\"", "\"0000-01-01T00:00:00Z\"", "{\"@type\":\"type.googleapis.com/acme.Unknown\"}", "{}", "[]", "\"NaN\"", "\"Infinity\"",
        "{\"@type\":\"type.googleapis.com/google.protobuf.Value\"}", "\"" + new string('x', 10_000) + "\"",
    ];

    private static readonly string[] Queries =
    [
        "pageSize=-1", "pageSize=99999999999", "pageToken=garbage", "pageToken=%00", "filter=((((((", "filter=done%3Dmaybe",
        "readMask=a.b.c", "orderBy=nothing%20desc", "timeout=-1s", "timeout=1e400s", "$alt=json;enum-encoding=int", "$alt=proto", "unknown=1",
        "name=operations/..", "count=1000000", "scale=1e12", "duration=99999999999s", "replace=maybe",
    ];
}
