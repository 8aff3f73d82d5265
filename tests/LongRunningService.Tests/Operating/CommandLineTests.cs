using System.Reflection;
using LongRunningService.Configuration;
using LongRunningService.Hosting;
using LongRunningService.Operations.Registry;
using LongRunningService.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LongRunningService.Tests.Operating;

/// <summary>--help, the flags, and start-up refusing settings it cannot use, by name, with a non-zero exit code.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Help_PrintsEverySettingAndExitsZero(string flag)
    {
        var (exitCode, output, error) = Run(flag);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        foreach (var setting in ServerSettings.All)
        {
            Assert.Contains($"key {setting.Key}, env {CommandLineFlags.EnvironmentNames(setting)}, default {setting.DefaultText}", output, StringComparison.Ordinal);
            Assert.Contains(setting.Description, output, StringComparison.Ordinal);
            Assert.Contains($"  {setting.Flag ?? "--" + setting.Key} <", output, StringComparison.Ordinal);
        }

        Assert.Contains("key Server:Port, env Server__Port, default 7470", output, StringComparison.Ordinal);
        Assert.Contains("env Transcoding__ServiceConfigs__0, __1, ...", output, StringComparison.Ordinal);
        Assert.Contains("  --tls-self-signed <true|false>", output, StringComparison.Ordinal);
        Assert.Contains("key Server:Host, env Server__Host, default 127.0.0.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsTable_HasARowForEveryPropertyOfEveryBoundOptionsClass()
    {
        IServiceCollection? services = null;
        using var app = ServerApplication.Build(["--port", "0"], builder => services = builder.Services);

        var bound = services!
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("LongRunningService", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();

        Assert.Contains(typeof(OperationRegistryOptions), bound);
        foreach (var options in bound)
        {
            foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                Assert.True(
                    ServerSettings.All.Any(s => s.OptionsType == options && s.Property == property.Name),
                    $"{options.Name}.{property.Name} is bound but has no row in ServerSettings, so --help does not list it.");
            }
        }
    }

    [Theory]
    [InlineData(new[] { "--port", "abc" }, "Invalid Server:Port (--port, env Server__Port): 'abc' is not a whole number.")]
    [InlineData(new[] { "--port", "70000" }, "Invalid Server:Port (--port, env Server__Port): '70000' is above the maximum, 65535.")]
    [InlineData(new[] { "--max-message-size", "-1" }, "Invalid Grpc:MaxReceiveMessageSize (--max-message-size, env Grpc__MaxReceiveMessageSize): '-1' is below the minimum, 0.")]
    [InlineData(new[] { "--retention=soon" }, "Invalid Operations:Retention (--retention, env Operations__Retention): 'soon' is not a duration")]
    [InlineData(new[] { "--Jobs:RunningDuration=-00:00:01" }, "Invalid Jobs:RunningDuration (env Jobs__RunningDuration): '-00:00:01' is below the minimum, 0.")]
    [InlineData(new[] { "--log-level", "Loud" }, "Invalid Logging:LogLevel:Default (--log-level, env Logging__LogLevel__Default): 'Loud' is not one of Trace, Debug")]
    [InlineData(new[] { "--tls-port", "0", "--certificate", "/no/such/cert.pfx" }, "Invalid Server:CertificatePath (--certificate, env Server__CertificatePath): the file '/no/such/cert.pfx' does not exist.")]
    [InlineData(new[] { "--otlp-endpoint", "localhost:4317" }, "Invalid Telemetry:OtlpEndpoint (--otlp-endpoint, env Telemetry__OtlpEndpoint): 'localhost:4317' is not an absolute")]
    [InlineData(new[] { "--prot", "7470" }, "Unknown option '--prot' (see --help for every option).")]
    [InlineData(new[] { "--port" }, "Option '--port' needs a value.")]
    public void InvalidSetting_StopsStartUpNamingIt(string[] args, string message)
    {
        var (exitCode, output, error) = Run(args);

        Assert.Equal(ServerCommand.InvalidConfigurationExitCode, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("LongRunningService: " + message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidSettingFromConfiguration_StopsStartUpNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidConfigurationException>(
            () => TestServer.StartAsync(new Dictionary<string, string?> { ["Operations:MaxPageSize"] = "0" }));

        Assert.Equal("Invalid Operations:MaxPageSize (--max-page-size, env Operations__MaxPageSize): '0' is below the minimum, 1.", error.Message);
    }

    [Fact]
    public void Flags_SetTheirOptions()
    {
        using var app = ServerApplication.Build(["--port", "0", "--max-operations", "7", "--Operations:Retention=00:05:00", "--auth-token=t"]);

        var registry = app.Services.GetRequiredService<IOptions<OperationRegistryOptions>>().Value;
        var auth = app.Services.GetRequiredService<IOptions<LongRunningService.Protocol.Security.AuthOptions>>().Value;
        Assert.Equal(7, registry.MaxOperations);
        Assert.Equal(TimeSpan.FromMinutes(5), registry.Retention);
        Assert.Equal("t", auth.Token);
    }

    [Fact]
    public void Version_PrintsTheVersionAndExitsZero()
    {
        var (exitCode, output, error) = Run("--version");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Equal(StartupAnnouncement.Version + "\n", output);
    }

    [Fact]
    public void Switches_AloneMeanTrue_FlagsGivenTwiceKeepTheLast_KeysTakeEitherForm()
    {
        var parsed = CommandLineFlags.Parse(["--tls-self-signed", "--port", "1", "--port=2", "--detailed-errors", "false", "--Jobs:RunningDuration=00:00:05", "--Jobs:CancelDelay", "00:00:01", "--cors-origin", "http://a", "--environment", "Development"]);

        Assert.Equal("true", parsed.Settings["Server:TlsSelfSigned"]);
        Assert.Equal("2", parsed.Settings["Server:Port"]);
        Assert.Equal("false", parsed.Settings["Grpc:EnableDetailedErrors"]);
        Assert.Equal("00:00:05", parsed.Settings["Jobs:RunningDuration"]);
        Assert.Equal("00:00:01", parsed.Settings["Jobs:CancelDelay"]);
        Assert.Equal("http://a", parsed.Settings["Cors:AllowedOrigins:0"]);
        Assert.Equal(["--environment=Development"], parsed.HostArgs);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = ServerCommand.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
