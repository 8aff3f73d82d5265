using LongRunningService.Operations.Filtering;

namespace LongRunningService.Tests.Filtering;

/// <summary>
/// A job-shaped item, its schema and five fixture jobs shared by the filter tests. Each job
/// differs from the others in a way some test depends on; see the comments beside them.
/// </summary>
internal sealed record FilterTestJob(
    string Name,
    string? DisplayName,
    string State,
    bool Done,
    DateTimeOffset? CreateTime,
    IReadOnlyDictionary<string, string> Labels)
{
    // Declared before Schema: static initializers run in text order.
    public static readonly string[] States =
    [
        "PIPELINE_STATE_PENDING",
        "PIPELINE_STATE_RUNNING",
        "PIPELINE_STATE_SUCCEEDED",
        "PIPELINE_STATE_FAILED",
        "PIPELINE_STATE_CANCELLED",
    ];

    public static FilterSchema<FilterTestJob> Schema { get; } = new FilterSchema<FilterTestJob>()
        .AddString("name", job => job.Name)
        .AddString("display_name", job => job.DisplayName)
        .AddEnum("state", job => job.State, States)
        .AddBool("done", job => job.Done)
        .AddTimestamp("create_time", job => job.CreateTime)
        .AddMap("labels", job => job.Labels);

    public static IReadOnlyList<FilterTestJob> All { get; } =
    [
        new("j1", "train-step-1", "PIPELINE_STATE_RUNNING", false,
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new Dictionary<string, string> { ["env"] = "prod", ["team"] = "ml" }),
        new("j2", "eval-step-2", "PIPELINE_STATE_SUCCEEDED", true,
            new DateTimeOffset(2024, 3, 15, 12, 30, 0, 500, TimeSpan.Zero),
            new Dictionary<string, string> { ["env"] = "dev" }),

        // A label with an empty value: present, but equal only to "".
        new("j3", "train-final", "PIPELINE_STATE_FAILED", true,
            new DateTimeOffset(2023, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new Dictionary<string, string> { ["team"] = "data", ["tier"] = "" }),

        // Everything unset: no display name, no create time, no labels.
        new("j4", null, "PIPELINE_STATE_PENDING", false, null, new Dictionary<string, string>()),

        // Quotes and a literal '*' in the display name; a time stored with a +02:00 offset
        // (2024-05-31T22:00:00Z); a label key with a dash.
        new("j5", "Eval \"final\" *", "PIPELINE_STATE_CANCELLED", true,
            new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(2)),
            new Dictionary<string, string> { ["env"] = "prod-eu", ["cost-center"] = "r&d" }),
    ];

    /// <summary>Parses <paramref name="filter"/> and returns the names of the fixture jobs it matches, in fixture order.</summary>
    public static string[] NamesMatching(string filter)
    {
        var parsed = Filter<FilterTestJob>.Parse(filter, Schema);
        return [.. All.Where(parsed.Matches).Select(job => job.Name)];
    }

    /// <summary>The message of the <see cref="FilterException"/> that parsing <paramref name="filter"/> throws.</summary>
    public static string ErrorFor(string filter) =>
        Assert.Throws<FilterException>(() => Filter<FilterTestJob>.Parse(filter, Schema)).Message;
}
