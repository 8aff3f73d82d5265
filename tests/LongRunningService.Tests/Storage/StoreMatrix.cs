using LongRunningService.Tests.Infrastructure;

// The store matrix: each functional test class of the Operations and Vertex services runs once per store.
// A new store adds one row of subclasses here.

namespace LongRunningService.Tests.Storage;

public sealed class CancelOperationTestsInMemory() : Operations.CancelOperationTests(TestStore.Memory);

public sealed class CancelOperationTestsOnSqlite() : Operations.CancelOperationTests(TestStore.Sqlite);

public sealed class ConcurrencyTestsInMemory() : Operations.ConcurrencyTests(TestStore.Memory);

public sealed class ConcurrencyTestsOnSqlite() : Operations.ConcurrencyTests(TestStore.Sqlite);

public sealed class DeleteOperationTestsInMemory() : Operations.DeleteOperationTests(TestStore.Memory);

public sealed class DeleteOperationTestsOnSqlite() : Operations.DeleteOperationTests(TestStore.Sqlite);

public sealed class GetOperationTestsInMemory() : Operations.GetOperationTests(TestStore.Memory);

public sealed class GetOperationTestsOnSqlite() : Operations.GetOperationTests(TestStore.Sqlite);

public sealed class ListOperationsTestsInMemory() : Operations.ListOperationsTests(TestStore.Memory);

public sealed class ListOperationsTestsOnSqlite() : Operations.ListOperationsTests(TestStore.Sqlite);

public sealed class OperationsEmulatorTestsInMemory() : Operations.OperationsEmulatorTests(TestStore.Memory);

public sealed class OperationsEmulatorTestsOnSqlite() : Operations.OperationsEmulatorTests(TestStore.Sqlite);

public sealed class RegistryRoomTestsInMemory() : Operations.RegistryRoomTests(TestStore.Memory);

public sealed class RegistryRoomTestsOnSqlite() : Operations.RegistryRoomTests(TestStore.Sqlite);

public sealed class ScriptLimitsTestsInMemory() : Operations.ScriptLimitsTests(TestStore.Memory);

public sealed class ScriptLimitsTestsOnSqlite() : Operations.ScriptLimitsTests(TestStore.Sqlite);

public sealed class WaitOperationTestsInMemory() : Operations.WaitOperationTests(TestStore.Memory);

public sealed class WaitOperationTestsOnSqlite() : Operations.WaitOperationTests(TestStore.Sqlite);

public sealed class BatchPipelineJobsTestsInMemory() : Vertex.BatchPipelineJobsTests(TestStore.Memory);

public sealed class BatchPipelineJobsTestsOnSqlite() : Vertex.BatchPipelineJobsTests(TestStore.Sqlite);

public sealed class JobCancellationTestsInMemory() : Vertex.JobCancellationTests(TestStore.Memory);

public sealed class JobCancellationTestsOnSqlite() : Vertex.JobCancellationTests(TestStore.Sqlite);

public sealed class JobDeletionTestsInMemory() : Vertex.JobDeletionTests(TestStore.Memory);

public sealed class JobDeletionTestsOnSqlite() : Vertex.JobDeletionTests(TestStore.Sqlite);

public sealed class JobOutputsTestsInMemory() : Vertex.JobOutputsTests(TestStore.Memory);

public sealed class JobOutputsTestsOnSqlite() : Vertex.JobOutputsTests(TestStore.Sqlite);

public sealed class ListJobsTestsInMemory() : Vertex.ListJobsTests(TestStore.Memory);

public sealed class ListJobsTestsOnSqlite() : Vertex.ListJobsTests(TestStore.Sqlite);

public sealed class PipelineJobLifecycleTestsInMemory() : Vertex.PipelineJobLifecycleTests(TestStore.Memory);

public sealed class PipelineJobLifecycleTestsOnSqlite() : Vertex.PipelineJobLifecycleTests(TestStore.Sqlite);
