using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using LongRunningService.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Testing;

/// <summary>
/// The emulator running inside the test process on a free loopback port: the
/// same server <c>lro-emulator</c> runs, with its own state, clock and metrics,
/// so several can run side by side. Start one with <see cref="StartAsync"/>,
/// call it through <see cref="Channel"/> or <see cref="Address"/>, steer it
/// through <see cref="Control"/>, and dispose it to stop it.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _authToken;
    private int _disposed;

    private EmulatorHost(WebApplication app, Uri address, string? authToken)
    {
        _app = app;
        _authToken = authToken;
        Address = address;
        Channel = GrpcChannel.ForAddress(address, ChannelOptions(authToken));
        Control = new EmulatorControls(Channel);
    }

    /// <summary>The server's base address, <c>http://127.0.0.1:{port}</c>: every protocol is served there.</summary>
    public Uri Address { get; }

    /// <summary>A gRPC channel to the server, for any generated client (it carries the auth token, if any).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The emulator control API: clock, fault rules, call journal, latency profiles, state and reset.</summary>
    public EmulatorControls Control { get; }

    /// <summary>Starts a server on a free loopback port and returns once it answers calls.</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorHostOptions();
        var app = ServerApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings(options));
            builder.Logging.ClearProviders();
            options.ConfigureLogging?.Invoke(builder.Logging);
        });

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // With port 0 the system picked the port; the server knows which once it listens.
        var endPoint = app.Services.GetRequiredService<ListeningEndpoints>().CleartextEndPoint;
        var host = new EmulatorHost(app, new Uri($"http://{endPoint}"), options.AuthToken);
        try
        {
            if (options.PauseClock)
            {
                await host.Control.PauseClockAsync(cancellationToken).ConfigureAwait(false);
            }

            if (options.Seed is { } seed)
            {
                await host.Control.ImportStateAsync(seed, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return host;
    }

    /// <summary>
    /// An <see cref="HttpClient"/> for the REST, gRPC-Web and Connect paths, with
    /// <see cref="Address"/> as its base address and the auth token, if any. The caller disposes it.
    /// </summary>
    public HttpClient CreateHttpClient()
    {
        var client = new HttpClient { BaseAddress = Address };
        if (_authToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _authToken);
        }

        return client;
    }

    /// <summary>Stops the server: calls in flight end UNAVAILABLE, then its port is released.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Channel.Dispose();
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string?> Settings(EmulatorHostOptions options)
    {
        var settings = new Dictionary<string, string?>(options.Settings, StringComparer.OrdinalIgnoreCase)
        {
            ["Server:Host"] = "127.0.0.1",
            ["Server:Port"] = "0",
        };
        if (options.LatencyProfile is { } profile)
        {
            settings["Jobs:Profile"] = profile;
        }

        if (options.AuthToken is { } token)
        {
            settings["Auth:Token"] = token;
        }

        if (options.SeedFile is { } seedFile)
        {
            settings["Emulator:SeedFile"] = Path.GetFullPath(seedFile);
        }

        return settings;
    }

    private static GrpcChannelOptions ChannelOptions(string? authToken)
    {
        if (authToken is null)
        {
            return new GrpcChannelOptions();
        }

        // The token goes with every call; the channel is cleartext, which is what loopback needs.
        var token = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {authToken}");
            return Task.CompletedTask;
        });
        return new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, token),
            UnsafeUseInsecureChannelCallCredentials = true,
        };
    }
}
