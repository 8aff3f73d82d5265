using LongRunningService.Tests.Infrastructure;

// The store matrix: each functional test class of the Operations and Vertex services runs once per store.
// A new store adds one row of subclasses here.

namespace LongRunningService.Tests.Storage;

public sealed class CancelOperationTestsInMemory() : Operations.CancelOperationTests(TestStore.Memory);

public sealed class CancelOperationTestsOnSqlite() : Operations.CancelOperationTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class CancelOperationTestsOnPostgres() : Operations.CancelOperationTests(TestStore.Postgres);

public sealed class ConcurrencyTestsInMemory() : Operations.ConcurrencyTests(TestStore.Memory);

public sealed class ConcurrencyTestsOnSqlite() : Operations.ConcurrencyTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class ConcurrencyTestsOnPostgres() : Operations.ConcurrencyTests(TestStore.Postgres);

public sealed class DeleteOperationTestsInMemory() : Operations.DeleteOperationTests(TestStore.Memory);

public sealed class DeleteOperationTestsOnSqlite() : Operations.DeleteOperationTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class DeleteOperationTestsOnPostgres() : Operations.DeleteOperationTests(TestStore.Postgres);

public sealed class GetOperationTestsInMemory() : Operations.GetOperationTests(TestStore.Memory);

public sealed class GetOperationTestsOnSqlite() : Operations.GetOperationTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class GetOperationTestsOnPostgres() : Operations.GetOperationTests(TestStore.Postgres);

public sealed class ListOperationsTestsInMemory() : Operations.ListOperationsTests(TestStore.Memory);

public sealed class ListOperationsTestsOnSqlite() : Operations.ListOperationsTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class ListOperationsTestsOnPostgres() : Operations.ListOperationsTests(TestStore.Postgres);

public sealed class OperationsEmulatorTestsInMemory() : Operations.OperationsEmulatorTests(TestStore.Memory);

public sealed class OperationsEmulatorTestsOnSqlite() : Operations.OperationsEmulatorTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class OperationsEmulatorTestsOnPostgres() : Operations.OperationsEmulatorTests(TestStore.Postgres);

public sealed class RegistryRoomTestsInMemory() : Operations.RegistryRoomTests(TestStore.Memory);

public sealed class RegistryRoomTestsOnSqlite() : Operations.RegistryRoomTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class RegistryRoomTestsOnPostgres() : Operations.RegistryRoomTests(TestStore.Postgres);

public sealed class ScriptLimitsTestsInMemory() : Operations.ScriptLimitsTests(TestStore.Memory);

public sealed class ScriptLimitsTestsOnSqlite() : Operations.ScriptLimitsTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class ScriptLimitsTestsOnPostgres() : Operations.ScriptLimitsTests(TestStore.Postgres);

public sealed class WaitOperationTestsInMemory() : Operations.WaitOperationTests(TestStore.Memory);

public sealed class WaitOperationTestsOnSqlite() : Operations.WaitOperationTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class WaitOperationTestsOnPostgres() : Operations.WaitOperationTests(TestStore.Postgres);

public sealed class BatchPipelineJobsTestsInMemory() : Vertex.BatchPipelineJobsTests(TestStore.Memory);

public sealed class BatchPipelineJobsTestsOnSqlite() : Vertex.BatchPipelineJobsTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class BatchPipelineJobsTestsOnPostgres() : Vertex.BatchPipelineJobsTests(TestStore.Postgres);

public sealed class JobCancellationTestsInMemory() : Vertex.JobCancellationTests(TestStore.Memory);

public sealed class JobCancellationTestsOnSqlite() : Vertex.JobCancellationTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class JobCancellationTestsOnPostgres() : Vertex.JobCancellationTests(TestStore.Postgres);

public sealed class JobDeletionTestsInMemory() : Vertex.JobDeletionTests(TestStore.Memory);

public sealed class JobDeletionTestsOnSqlite() : Vertex.JobDeletionTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class JobDeletionTestsOnPostgres() : Vertex.JobDeletionTests(TestStore.Postgres);

public sealed class JobOutputsTestsInMemory() : Vertex.JobOutputsTests(TestStore.Memory);

public sealed class JobOutputsTestsOnSqlite() : Vertex.JobOutputsTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class JobOutputsTestsOnPostgres() : Vertex.JobOutputsTests(TestStore.Postgres);

public sealed class ListJobsTestsInMemory() : Vertex.ListJobsTests(TestStore.Memory);

public sealed class ListJobsTestsOnSqlite() : Vertex.ListJobsTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class ListJobsTestsOnPostgres() : Vertex.ListJobsTests(TestStore.Postgres);

public sealed class PipelineJobLifecycleTestsInMemory() : Vertex.PipelineJobLifecycleTests(TestStore.Memory);

public sealed class PipelineJobLifecycleTestsOnSqlite() : Vertex.PipelineJobLifecycleTests(TestStore.Sqlite);

[RequiresPostgres]
public sealed class PipelineJobLifecycleTestsOnPostgres() : Vertex.PipelineJobLifecycleTests(TestStore.Postgres);
