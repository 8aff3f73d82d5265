using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.LongRunning;
using Google.Protobuf;
using LongRunning.Emulator.V1;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Scripting;
using LongRunningService.Protocol.Transcoding;
using LongRunningService.Services.Emulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongRunningService.Benchmarks.Micro;

/// <summary>
/// What writing the answer of GetOperation costs, against copying bytes written
/// before: the bound on what a cache of written answers, keyed by the registry's
/// snapshot instance, could save a call. The operation is the one the load reads,
/// made the same way (the emulator's own handler, an instant script), read back
/// from the registry as a call gets it. gRPC writes as the served methods'
/// marshaller does (size, then the message into the call's buffer); REST formats
/// proto3 JSON with the REST layer's type registry, as JSON transcoding does with it.
/// </summary>
[MemoryDiagnoser]
public class ResponseWriteBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private InMemoryOperationRegistry _registry = null!;
    private Operation _operation = null!;
    private JsonFormatter _json = null!;
    private byte[] _written = [];
    private byte[] _formatted = [];

    [GlobalSetup]
    public void Setup()
    {
        var clock = TimeProvider.System;
        _registry = new InMemoryOperationRegistry(Options.Create(new OperationRegistryOptions()), clock);
        var emulator = new OperationsEmulatorService(
            _registry,
            new ScriptedOperationRunner(clock, NullLogger<ScriptedOperationRunner>.Instance),
            Options.Create(new OperationsEmulatorOptions()));
        var started = emulator.StartOperation(
            new StartOperationRequest { Parent = BenchNames.Parent, OperationId = BenchNames.GetId, Script = new OperationScript() },
            new StubCallContext("/longrunning.emulator.v1.OperationsEmulator/StartOperation")).GetAwaiter().GetResult();
        _operation = _registry.Get(started.Name)!;
        _json = new RestJson([OperationsEmulatorReflection.Descriptor, OperationsReflection.Descriptor]).Formatter(default);
        _written = _operation.ToByteArray();
        _formatted = System.Text.Encoding.UTF8.GetBytes(_json.Format(_operation));
    }

    [GlobalCleanup]
    public void Cleanup() => _registry.Dispose();

    [Benchmark(Baseline = true)]
    public int GrpcWrite()
    {
        _buffer.ResetWrittenCount();
        _ = _operation.CalculateSize();
        _operation.WriteTo(_buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int GrpcCopyWritten()
    {
        _buffer.ResetWrittenCount();
        _buffer.Write(_written);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int RestFormat() => _json.Format(_operation).Length;

    [Benchmark]
    public int RestCopyFormatted()
    {
        _buffer.ResetWrittenCount();
        _buffer.Write(_formatted);
        return _buffer.WrittenCount;
    }
}
