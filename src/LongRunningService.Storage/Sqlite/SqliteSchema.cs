namespace LongRunningService.Storage.Sqlite;

/// <summary>
/// The tables of a SQLite data file, as numbered steps: a file records in
/// <c>PRAGMA user_version</c> the steps it has had. An older file gets the
/// steps it lacks at start; a newer one is refused.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Step 1: operations, jobs and the counters of generated IDs and sequences.</summary>
    public const string Step1 = """
        CREATE TABLE operations (
            name TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,
            api TEXT,
            state BLOB NOT NULL,
            done INTEGER NOT NULL,
            completed_at INTEGER,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            work_kind TEXT,
            work_payload BLOB,
            work_started INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE jobs (
            name TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            parent TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            resource BLOB NOT NULL,
            script BLOB NOT NULL,
            timeline_start INTEGER NOT NULL,
            state BLOB NOT NULL,
            ended_at INTEGER,
            deleting INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            last INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>Step 2: the emulator clock, one row.</summary>
    public const string Step2 = """
        CREATE TABLE clock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            reading INTEGER NOT NULL,
            wall INTEGER NOT NULL,
            scale REAL NOT NULL,
            paused INTEGER NOT NULL
        );
        """;

    /// <summary>Step 3: the store's own settings by name, such as the key that signs page tokens.</summary>
    public const string Step3 = """
        CREATE TABLE meta (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>Every step, in order; the schema version is how many a file has had.</summary>
    public static readonly IReadOnlyList<string> Steps = [Step1, Step2, Step3];

    /// <summary>The version this server writes.</summary>
    public static int Current => Steps.Count;
}
