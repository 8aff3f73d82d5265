using LongRunningService.Hosting;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>A start the server refuses, run in this process as the command line runs it.</summary>
internal static class StartupRefusal
{
    /// <summary>Runs the command with <paramref name="args"/>; returns its one-line message after checking exit code 2 and the absence of a stack trace.</summary>
    public static string Message(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = ServerCommand.Run(["--port", "0", .. args], output, error);

        Assert.Equal(ServerCommand.InvalidConfigurationExitCode, exitCode);
        Assert.Empty(output.ToString());
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("Run with --help to see every option.", lines[1]);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        const string Prefix = "LongRunningService: ";
        Assert.StartsWith(Prefix, lines[0], StringComparison.Ordinal);
        return lines[0][Prefix.Length..];
    }
}
