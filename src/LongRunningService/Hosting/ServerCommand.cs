using LongRunningService.Configuration;
using Microsoft.AspNetCore.Connections;

namespace LongRunningService.Hosting;

/// <summary>
/// The server as a command: prints <c>--help</c>, or runs until stopped. Whatever
/// stops it from starting (a setting, the seed file, the certificate, a port in
/// use) ends it with one message on the error output and exit code 2, not a stack trace.
/// </summary>
internal static class ServerCommand
{
    public const int InvalidConfigurationExitCode = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // The served APIs' descriptors are most of start-up: begun first, on other threads, while the flags are read.
        LongRunningService.Services.Validation.ServedTypes.StartBuilding();
        try
        {
            var commandLine = CommandLineFlags.Parse(args);
            if (commandLine.HelpRequested || commandLine.VersionRequested)
            {
                output.Write(commandLine.HelpRequested ? CommandLineFlags.HelpText() : StartupAnnouncement.Version + "\n");
                return 0;
            }

            using var app = ServerApplication.Build(args, announce: output);
            app.Run();
            return 0;
        }
        catch (InvalidConfigurationException exception)
        {
            return Refuse(error, exception.Message);
        }
        catch (IOException exception) when (exception.InnerException is AddressInUseException)
        {
            // Another program took the port between the check and Kestrel's bind.
            return Refuse(error, $"{exception.Message.TrimEnd('.')}; stop the other program, or choose another port (--port, --tls-port; 0 picks a free one).");
        }
    }

    private static int Refuse(TextWriter error, string message)
    {
        error.WriteLine($"LongRunningService: {message}");
        error.WriteLine("Run with --help to see every option.");
        return InvalidConfigurationExitCode;
    }
}
