namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// Where PostgreSQL's server programs are (Debian's package puts them in
/// /usr/lib/postgresql/&lt;version&gt;/bin), and whether tests that need them
/// may be skipped when they are missing: not when <c>LRS_REQUIRE_POSTGRES=1</c>,
/// as CI sets, so a run there cannot pass without them.
/// </summary>
internal static class PostgresBinaries
{
    public const string RequireVariable = "LRS_REQUIRE_POSTGRES";

    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed.</summary>
    public static string? Directory => Found.Value;

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Why PostgreSQL tests are skipped here, or null when they run.</summary>
    public static string? SkipReason =>
        Directory is null && !Required
            ? $"PostgreSQL's server programs (initdb, pg_ctl) are not installed (Debian: apt-get install postgresql); set {RequireVariable}=1 to fail instead."
            : null;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("LRS_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return HasPrograms(configured) ? configured : null;
        }

        const string debian = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(debian))
        {
            return null;
        }

        // The newest installed version that has both programs.
        return System.IO.Directory.GetDirectories(debian)
            .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var number) ? number : -1, Bin: Path.Combine(version, "bin")))
            .Where(candidate => HasPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static bool HasPrograms(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));
}

/// <summary>A test that needs PostgreSQL: skipped, with the reason, where it is not installed (unless required).</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresBinaries.SkipReason;
    }
}
