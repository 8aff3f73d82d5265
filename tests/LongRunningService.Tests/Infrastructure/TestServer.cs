using System.Net;
using LongRunningService.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// The real server on a real Kestrel, bound to a free loopback port. Each test
/// starts its own and disposes it; disposal fails the test if the server
/// logged an Error the test did not allow.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Action _cleanup;

    private TestServer(WebApplication app, CapturingLoggerProvider logs, Action cleanup)
    {
        _app = app;
        _cleanup = cleanup;
        Logs = logs;
        EndPoint = app.Services.GetRequiredService<ListeningEndpoints>().CleartextEndPoint;
    }

    public IPEndPoint EndPoint { get; }

    public Uri BaseAddress => new($"http://{EndPoint}");

    public IServiceProvider Services => _app.Services;

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Error logs this test expects (e.g. a handler crash it provoked).</summary>
    public bool AllowErrorLogs { get; set; }

    public static async Task<TestServer> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string[]? arguments = null,
        TestStore? store = null)
    {
        var logs = new CapturingLoggerProvider();
        var (storeSettings, cleanup) = (store ?? TestStore.Memory).Provision();
        WebApplication app;
        try
        {
            app = Build(settings, services, arguments, logs, storeSettings);
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            cleanup();
            throw;
        }

        return new TestServer(app, logs, cleanup);
    }

    private static WebApplication Build(
        IDictionary<string, string?>? settings,
        Action<IServiceCollection>? services,
        string[]? arguments,
        CapturingLoggerProvider logs,
        IReadOnlyDictionary<string, string?> storeSettings) =>
        ServerApplication.Build(["--port", "0", .. arguments ?? []], builder =>
        {
            builder.Configuration.AddInMemoryCollection(storeSettings);
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
            services?.Invoke(builder.Services);
        });

    public GrpcTestClient CreateClient() => new(BaseAddress);

    public T GetService<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();

        // What the server logged while it ran and stopped; a write still in flight when its store is
        // taken away below (a test database dropped) is the test's doing, not the server's.
        var errors = Logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        _cleanup();
        if (!AllowErrorLogs)
        {
            Assert.True(errors.Count == 0, "The server logged errors: " + string.Join("; ", errors.Select(e => $"{e.Category}: {e.Message} {e.Exception}")));
        }
    }
}
