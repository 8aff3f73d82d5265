using Google.Protobuf;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Transcoding;
using LongRunningService.Services.Emulator;
using Microsoft.Extensions.Options;

namespace LongRunningService.Hosting;

/// <summary>
/// Loads <c>Emulator:SeedFile</c> (<c>--seed</c>) before the server listens,
/// so the first client already sees its operations and jobs. A file that
/// cannot be read, parsed or loaded stops the start with a message naming it.
/// </summary>
internal sealed partial class SeedFileLoader(
    IOptions<OperationsEmulatorOptions> options,
    RestJson json,
    EmulatorStateStore store,
    ILogger<SeedFileLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedFile is not { Length: > 0 } path)
        {
            return;
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Fail(path, $"it cannot be read: {exception.Message}");
        }

        EmulatorState state;
        try
        {
            state = (EmulatorState)json.Parse(text, EmulatorState.Descriptor);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or InvalidOperationException or FormatException)
        {
            throw Fail(path, $"it is not an EmulatorState in JSON: {exception.Message}");
        }

        try
        {
            var loaded = store.Import(state, replace: false);
            Log.Seeded(logger, path, loaded.OperationsImported, loaded.JobsImported);
        }
        catch (RpcException exception)
        {
            throw Fail(path, $"{(Google.Rpc.Code)exception.Status.Code}: {exception.Status.Message}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static InvalidOperationException Fail(string path, string problem) =>
        new($"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: {problem}");

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "Seeded from {Path}: {Operations} operations, {Jobs} jobs")]
        public static partial void Seeded(ILogger logger, string path, int operations, int jobs);
    }
}
