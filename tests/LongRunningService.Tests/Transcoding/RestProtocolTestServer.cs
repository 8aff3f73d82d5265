using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Transcoding;

/// <summary>
/// A <see cref="ProtocolTestServer"/> whose test service also has REST bindings,
/// given by a service config file: the protocol test proto has no http annotations.
/// </summary>
internal static class RestProtocolTestServer
{
    private const string ServiceConfig = """
        type: google.api.Service
        http:
          rules:
          - selector: longrunning.tests.v1.ProtocolTest.Echo
            post: '/test/v1/echo'
            body: '*'
            additional_bindings:
            - get: '/test/v1/echo/{message}'
            - post: '/test/v1/echo/{message}:bare'
              body: '*'
              response_body: 'message'
          - selector: longrunning.tests.v1.ProtocolTest.Expand
            post: '/test/v1/expand'
            body: '*'
        """;

    public static async Task<TestServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        // The routes are built while the server starts, so the file is only needed until then.
        var path = Path.Combine(Path.GetTempPath(), $"rest-protocol-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, ServiceConfig).DefaultTimeout();
        try
        {
            var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Transcoding:ServiceConfigs:0"] = path,
            };
            return await ProtocolTestServer.StartAsync(all).DefaultTimeout();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
