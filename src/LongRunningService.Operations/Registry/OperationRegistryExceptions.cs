namespace LongRunningService.Operations.Registry;

/// <summary>An operation of that name is held already.</summary>
internal sealed class OperationAlreadyExistsException(string name)
    : Exception($"Operation '{name}' already exists.")
{
    public string Name { get; } = name;
}

/// <summary>The registry is full of running operations and cannot take another.</summary>
internal sealed class RegistryFullException(int capacity)
    : Exception($"The server holds {capacity} running operations, its configured maximum; wait for some to finish or raise Operations:MaxOperations.")
{
    public int Capacity { get; } = capacity;
}
