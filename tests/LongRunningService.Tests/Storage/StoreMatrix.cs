using LongRunningService.Tests.Infrastructure;

// The store matrix: each functional test class of the Operations and Vertex services runs once per
// store, as one sealed subclass per store in the class's own namespace. A new store adds a row here.

namespace LongRunningService.Tests.Operations
{
    public sealed class CancelOperationTestsInMemory() : CancelOperationTests(TestStore.Memory);

    public sealed class CancelOperationTestsOnSqlite() : CancelOperationTests(TestStore.Sqlite);

    public sealed class ConcurrencyTestsInMemory() : ConcurrencyTests(TestStore.Memory);

    public sealed class ConcurrencyTestsOnSqlite() : ConcurrencyTests(TestStore.Sqlite);

    public sealed class DeleteOperationTestsInMemory() : DeleteOperationTests(TestStore.Memory);

    public sealed class DeleteOperationTestsOnSqlite() : DeleteOperationTests(TestStore.Sqlite);

    public sealed class GetOperationTestsInMemory() : GetOperationTests(TestStore.Memory);

    public sealed class GetOperationTestsOnSqlite() : GetOperationTests(TestStore.Sqlite);

    public sealed class ListOperationsTestsInMemory() : ListOperationsTests(TestStore.Memory);

    public sealed class ListOperationsTestsOnSqlite() : ListOperationsTests(TestStore.Sqlite);

    public sealed class OperationsEmulatorTestsInMemory() : OperationsEmulatorTests(TestStore.Memory);

    public sealed class OperationsEmulatorTestsOnSqlite() : OperationsEmulatorTests(TestStore.Sqlite);

    public sealed class RegistryRoomTestsInMemory() : RegistryRoomTests(TestStore.Memory);

    public sealed class RegistryRoomTestsOnSqlite() : RegistryRoomTests(TestStore.Sqlite);

    public sealed class ScriptLimitsTestsInMemory() : ScriptLimitsTests(TestStore.Memory);

    public sealed class ScriptLimitsTestsOnSqlite() : ScriptLimitsTests(TestStore.Sqlite);

    public sealed class WaitOperationTestsInMemory() : WaitOperationTests(TestStore.Memory);

    public sealed class WaitOperationTestsOnSqlite() : WaitOperationTests(TestStore.Sqlite);
}

namespace LongRunningService.Tests.Vertex
{
    public sealed class BatchPipelineJobsTestsInMemory() : BatchPipelineJobsTests(TestStore.Memory);

    public sealed class BatchPipelineJobsTestsOnSqlite() : BatchPipelineJobsTests(TestStore.Sqlite);

    public sealed class JobCancellationTestsInMemory() : JobCancellationTests(TestStore.Memory);

    public sealed class JobCancellationTestsOnSqlite() : JobCancellationTests(TestStore.Sqlite);

    public sealed class JobDeletionTestsInMemory() : JobDeletionTests(TestStore.Memory);

    public sealed class JobDeletionTestsOnSqlite() : JobDeletionTests(TestStore.Sqlite);

    public sealed class JobOutputsTestsInMemory() : JobOutputsTests(TestStore.Memory);

    public sealed class JobOutputsTestsOnSqlite() : JobOutputsTests(TestStore.Sqlite);

    public sealed class ListJobsTestsInMemory() : ListJobsTests(TestStore.Memory);

    public sealed class ListJobsTestsOnSqlite() : ListJobsTests(TestStore.Sqlite);

    public sealed class PipelineJobLifecycleTestsInMemory() : PipelineJobLifecycleTests(TestStore.Memory);

    public sealed class PipelineJobLifecycleTestsOnSqlite() : PipelineJobLifecycleTests(TestStore.Sqlite);
}
