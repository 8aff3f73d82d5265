using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using LongRunningService.Hosting;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>
/// The built server as a child process, as a user starts it: its own working
/// directory, arguments, standard output and error read line by line. Disposal
/// stops it (this process only) and waits for it to exit.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Lines written to standard output so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Lines written to standard error so far.</summary>
    public IReadOnlyList<string> Error => [.. _error];

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static ServerProcess Start(string workingDirectory, params string[] args)
    {
        // The server's assembly is copied next to the tests', with its runtime configuration.
        var server = typeof(ServerCommand).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(server);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var result = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => result.Received(e.Data, result._output);
        process.ErrorDataReceived += (_, e) => result.Received(e.Data, result._error);
        process.Exited += (_, _) => result._listening.TrySetException(new InvalidOperationException("The server exited before it listened."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>The cleartext address the server announced.</summary>
    public Task<Uri> ListeningAsync() => _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Waits for the server to exit by itself (a refused start); returns its exit code.</summary>
    public async Task<int> ExitedAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>Waits until a line of standard output matches, or fails after the default timeout.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (DateTime.UtcNow < deadline)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No matching line; the server wrote:\n" + string.Join('\n', _output));
    }

    /// <summary>Stops the server as a service manager does, with SIGTERM, and waits for it to exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await signal.WaitForExitAsync();
        }

        return await ExitedAsync();
    }

    /// <summary>Kills the server at once, with SIGKILL (<c>kill -9</c>): nothing of it runs after, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private void Received(string? line, ConcurrentQueue<string> lines)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        if (ReferenceEquals(lines, _output) && CleartextLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"^Listening on (http://\S+)")]
    private static partial Regex CleartextLine();
}
