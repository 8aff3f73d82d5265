namespace LongRunningService.Robustness;

/// <summary>Names, durations and tokens an attacker would try.</summary>
internal static class StrangeText
{
    public static readonly string[] Names =
    [
        "..",
        "../..",
        "operations/..",
        "operations/../../etc/passwd",
        "projects/p/locations/l/operations/..",
        "%2F",
        "operations/a%2Fb",
        "projects%2Fp%2Flocations%2Fl%2Foperations%2F1",
        "\0",
        "operations/a\0b",
        "projects/p/locations/l/pipelineJobs/\0",
        "operations/ü",
        "operations/\u202e",
        "operations/ ",
        "operations//x",
        "/operations/1",
        "operations/1/",
        "operations",
        string.Empty,
        new string('a', 100 * 1024),
        "operations/" + new string('9', 100 * 1024),
        "projects/" + new string('p', 100 * 1024) + "/locations/l/pipelineJobs/j",
        string.Concat(Enumerable.Repeat("a/", 50 * 1024)),
    ];

    public static readonly string[] PageTokens =
    [
        "garbage",
        "AAAA",
        "%%%",
        "\0",
        "eyJ9",
        new string('A', 100 * 1024),
        Convert.ToBase64String(new byte[64]),
        Convert.ToBase64String(Enumerable.Range(0, 200).Select(i => (byte)i).ToArray()),
    ];

    /// <summary>(seconds, nanos) pairs that are not normalized, negative, huge or out of protobuf's range.</summary>
    public static readonly (long Seconds, int Nanos)[] Durations =
    [
        (10, -5),
        (0, 2_000_000_000),
        (-1, 5),
        (0, -1_000_000_000),
        (-5, 0),
        (315_576_000_001, 0),
        (long.MaxValue, 999_999_999),
        (long.MinValue, -999_999_999),
        (10_000L * 365 * 86_400, 0),
    ];

    public static readonly string[] GrpcTimeouts = ["1x", "99999999999H", "-1S", string.Empty, "1000000000n", "S", "00000001m", "9999999999999999999S"];

    public static readonly string[] RestDurations = ["-1s", "1.5", "1e400s", "99999999999999999999s", "s", "\"\"", "315576000001s", "0.0000000001s", "1h"];
}
