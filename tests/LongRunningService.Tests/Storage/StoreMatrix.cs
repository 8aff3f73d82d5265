using LongRunningService.Tests.Infrastructure;

// The store matrix: each functional test class of the Operations and Vertex services runs once per
// store, as one sealed subclass per store in the class's own namespace. A new store adds a row here.

namespace LongRunningService.Tests.Operations
{
    public sealed class CancelOperationTestsInMemory() : CancelOperationTests(TestStore.Memory);

    public sealed class CancelOperationTestsOnSqlite() : CancelOperationTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class CancelOperationTestsOnPostgres() : CancelOperationTests(TestStore.Postgres);

    public sealed class ConcurrencyTestsInMemory() : ConcurrencyTests(TestStore.Memory);

    public sealed class ConcurrencyTestsOnSqlite() : ConcurrencyTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class ConcurrencyTestsOnPostgres() : ConcurrencyTests(TestStore.Postgres);

    public sealed class DeleteOperationTestsInMemory() : DeleteOperationTests(TestStore.Memory);

    public sealed class DeleteOperationTestsOnSqlite() : DeleteOperationTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class DeleteOperationTestsOnPostgres() : DeleteOperationTests(TestStore.Postgres);

    public sealed class GetOperationTestsInMemory() : GetOperationTests(TestStore.Memory);

    public sealed class GetOperationTestsOnSqlite() : GetOperationTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class GetOperationTestsOnPostgres() : GetOperationTests(TestStore.Postgres);

    public sealed class ListOperationsTestsInMemory() : ListOperationsTests(TestStore.Memory);

    public sealed class ListOperationsTestsOnSqlite() : ListOperationsTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class ListOperationsTestsOnPostgres() : ListOperationsTests(TestStore.Postgres);

    public sealed class OperationsEmulatorTestsInMemory() : OperationsEmulatorTests(TestStore.Memory);

    public sealed class OperationsEmulatorTestsOnSqlite() : OperationsEmulatorTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class OperationsEmulatorTestsOnPostgres() : OperationsEmulatorTests(TestStore.Postgres);

    public sealed class RegistryRoomTestsInMemory() : RegistryRoomTests(TestStore.Memory);

    public sealed class RegistryRoomTestsOnSqlite() : RegistryRoomTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class RegistryRoomTestsOnPostgres() : RegistryRoomTests(TestStore.Postgres);

    public sealed class ScriptLimitsTestsInMemory() : ScriptLimitsTests(TestStore.Memory);

    public sealed class ScriptLimitsTestsOnSqlite() : ScriptLimitsTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class ScriptLimitsTestsOnPostgres() : ScriptLimitsTests(TestStore.Postgres);

    public sealed class WaitOperationTestsInMemory() : WaitOperationTests(TestStore.Memory);

    public sealed class WaitOperationTestsOnSqlite() : WaitOperationTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class WaitOperationTestsOnPostgres() : WaitOperationTests(TestStore.Postgres);
}

namespace LongRunningService.Tests.Vertex
{
    public sealed class BatchPipelineJobsTestsInMemory() : BatchPipelineJobsTests(TestStore.Memory);

    public sealed class BatchPipelineJobsTestsOnSqlite() : BatchPipelineJobsTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class BatchPipelineJobsTestsOnPostgres() : BatchPipelineJobsTests(TestStore.Postgres);

    public sealed class JobCancellationTestsInMemory() : JobCancellationTests(TestStore.Memory);

    public sealed class JobCancellationTestsOnSqlite() : JobCancellationTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class JobCancellationTestsOnPostgres() : JobCancellationTests(TestStore.Postgres);

    public sealed class JobDeletionTestsInMemory() : JobDeletionTests(TestStore.Memory);

    public sealed class JobDeletionTestsOnSqlite() : JobDeletionTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class JobDeletionTestsOnPostgres() : JobDeletionTests(TestStore.Postgres);

    public sealed class JobOutputsTestsInMemory() : JobOutputsTests(TestStore.Memory);

    public sealed class JobOutputsTestsOnSqlite() : JobOutputsTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class JobOutputsTestsOnPostgres() : JobOutputsTests(TestStore.Postgres);

    public sealed class ListJobsTestsInMemory() : ListJobsTests(TestStore.Memory);

    public sealed class ListJobsTestsOnSqlite() : ListJobsTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class ListJobsTestsOnPostgres() : ListJobsTests(TestStore.Postgres);

    public sealed class PipelineJobLifecycleTestsInMemory() : PipelineJobLifecycleTests(TestStore.Memory);

    public sealed class PipelineJobLifecycleTestsOnSqlite() : PipelineJobLifecycleTests(TestStore.Sqlite);

    [RequiresPostgres]
    public sealed class PipelineJobLifecycleTestsOnPostgres() : PipelineJobLifecycleTests(TestStore.Postgres);
}
