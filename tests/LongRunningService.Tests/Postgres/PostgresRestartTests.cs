using LongRunningService.Tests.Infrastructure;
using LongRunningService.Tests.Storage;

namespace LongRunningService.Tests.Postgres;

/// <summary>
/// One PostgreSQL-backed server stopped (SIGTERM) or killed (SIGKILL) while
/// work runs, then started again on the same database under the same name: the
/// same check as the SQLite restart's. Without a name, a killed server's work
/// is taken back once its leases run out (see <see cref="LeaseTakeoverTests"/>).
/// </summary>
public sealed class PostgresRestartTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lrs-pg-restart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [PostgresFact]
    public async Task CleanStop_EveryOperationAndJobReadsBack_RunningWorkEndsAsScripted() =>
        await RestartTests.RestartAndCheckAsync(_folder, kill: false, "--postgres", await postgres.NewDatabaseAsync(), "--Postgres:ServerName=restarted");

    [PostgresFact]
    public async Task KillNine_EveryOperationAndJobReadsBack_RunningWorkEndsAsScripted() =>
        await RestartTests.RestartAndCheckAsync(_folder, kill: true, "--postgres", await postgres.NewDatabaseAsync(), "--Postgres:ServerName=restarted");
}
