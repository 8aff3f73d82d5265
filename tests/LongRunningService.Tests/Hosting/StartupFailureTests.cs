using System.Net;
using System.Net.Sockets;
using LongRunningService.Hosting;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Hosting;

/// <summary>Whatever stops the server from starting is one message on the error output and exit code 2, never a stack trace.</summary>
public sealed class StartupFailureTests : IDisposable
{
    private const string Job = """{ "@type": "type.googleapis.com/google.cloud.aiplatform.v1.PipelineJob", "name": "projects/demo/locations/us/pipelineJobs/nightly", "state": "PIPELINE_STATE_QUEUED" }""";

    private readonly string _folder = Directory.CreateTempSubdirectory("lrs-startup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SeedFileMissing_NamesTheFile()
    {
        var path = Path.Combine(_folder, "missing.json");

        var error = StartupRefusal.Message("--seed", path);

        Assert.Equal($"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: the file does not exist.", error);
    }

    [Fact]
    public void SeedFileUnreadable_NamesTheFile()
    {
        var error = StartupRefusal.Message("--seed", _folder); // a folder, not a file

        Assert.StartsWith($"Seed file '{_folder}' (Emulator:SeedFile, --seed) was not loaded: it cannot be read: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedFileTruncated_NamesTheLine()
    {
        var path = Write("seed.json", "{ \"jobs\": [\n" + Job + ",\n");

        var error = StartupRefusal.Message("--seed", path);

        Assert.StartsWith($"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: it is not valid JSON (line 3, ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedFileBadEnum_NamesTheEntryTheFieldAndTheAllowedValues()
    {
        var bad = Job.Replace("nightly", "weekly", StringComparison.Ordinal).Replace("PIPELINE_STATE_QUEUED", "PIPELINE_STATE_SLEEPING", StringComparison.Ordinal);
        var path = Write("seed.json", $$"""{ "jobs": [ {{Job}}, {{bad}} ] }""");

        var error = StartupRefusal.Message("--seed", path);

        Assert.Equal(
            $"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: jobs[1] 'projects/demo/locations/us/pipelineJobs/weekly': state is 'PIPELINE_STATE_SLEEPING', "
            + "not one of PIPELINE_STATE_UNSPECIFIED, PIPELINE_STATE_QUEUED, PIPELINE_STATE_PENDING, PIPELINE_STATE_RUNNING, PIPELINE_STATE_SUCCEEDED, "
            + "PIPELINE_STATE_FAILED, PIPELINE_STATE_CANCELLING, PIPELINE_STATE_CANCELLED, PIPELINE_STATE_PAUSED.",
            error);
    }

    [Fact]
    public void SeedFileUnknownField_NamesTheEntry()
    {
        var path = Write("seed.json", """{ "operations": [ { "name": "operations/a" }, { "name": "operations/b", "colour": "red" } ] }""");

        var error = StartupRefusal.Message("--seed", path);

        Assert.StartsWith($"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: operations[1] 'operations/b': ", error, StringComparison.Ordinal);
        Assert.Contains("colour", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedFileSameNameTwice_NamesBothEntries()
    {
        var path = Write("seed.json", $$"""{ "jobs": [ {{Job}}, {{Job}} ] }""");

        var error = StartupRefusal.Message("--seed", path);

        Assert.Equal($"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: jobs[1] 'projects/demo/locations/us/pipelineJobs/nightly' has the name of jobs[0]; each name may be given once.", error);
    }

    [Fact]
    public void PortInUse_NamesThePortAndTheSetting()
    {
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        other.Listen();
        var port = ((IPEndPoint)other.LocalEndPoint!).Port;

        var error = StartupRefusal.Message("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal($"Port {port} on 127.0.0.1 (Server:Port, --port) is already in use by another program; stop it, or choose another port (0 picks a free one).", error);
    }

    [Fact]
    public void CertificateUnreadable_NamesTheFile()
    {
        var path = Write("server.pfx", "not a certificate");

        var error = StartupRefusal.Message("--tls-port", "0", "--certificate", path);

        Assert.StartsWith($"Server:CertificatePath '{path}' is not a readable PFX certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PemCertificateWithoutItsKey_NamesBothFiles()
    {
        var certificate = Write("server.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var key = Write("server.key", "no key here");

        var error = StartupRefusal.Message("--tls-port", "0", "--certificate", certificate, "--certificate-key", key);

        Assert.StartsWith($"Server:CertificatePath '{certificate}' with Server:CertificateKeyPath '{key}' is not a readable PEM certificate and key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelativeSeedPath_IsReadFromTheCurrentDirectory()
    {
        Write("state.json", $$"""{ "jobs": [ {{Job}} ] }""");
        await using var server = ServerProcess.Start(_folder, "--port", "0", "--seed", "state.json", "--latency-profile", "realistic");

        var address = await server.ListeningAsync();
        using var http = new HttpClient { BaseAddress = address };
        var job = await http.GetStringAsync("/v1/projects/demo/locations/us/pipelineJobs/nightly").DefaultTimeout();

        using var parsed = System.Text.Json.JsonDocument.Parse(job);
        Assert.Equal("projects/demo/locations/us/pipelineJobs/nightly", parsed.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task RelativeSeedPathMissing_NamesItInTheCurrentDirectory_ExitCode2()
    {
        await using var server = ServerProcess.Start(_folder, "--port", "0", "--seed", "nothing.json");

        var exitCode = await server.ExitedAsync();

        Assert.Equal(ServerCommand.InvalidConfigurationExitCode, exitCode);
        Assert.Equal(
            [$"LongRunningService: Seed file '{Path.Combine(_folder, "nothing.json")}' (Emulator:SeedFile, --seed) was not loaded: the file does not exist.", "Run with --help to see every option."],
            server.Error);
        Assert.Empty(server.Output);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
