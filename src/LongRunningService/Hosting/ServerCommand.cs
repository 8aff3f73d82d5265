using LongRunningService.Configuration;

namespace LongRunningService.Hosting;

/// <summary>
/// The server as a command: prints <c>--help</c>, or runs until stopped. A setting
/// it cannot start with ends it with a message naming the setting and exit code 2,
/// not a stack trace.
/// </summary>
internal static class ServerCommand
{
    public const int InvalidConfigurationExitCode = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (CommandLineFlags.IsHelpRequested(args))
        {
            output.Write(HelpText.Render());
            return 0;
        }

        try
        {
            using var app = ServerApplication.Build(args);
            app.Run();
            return 0;
        }
        catch (InvalidConfigurationException exception)
        {
            error.WriteLine($"LongRunningService: {exception.Message}");
            error.WriteLine("Run with --help to see every option.");
            return InvalidConfigurationExitCode;
        }
    }
}
