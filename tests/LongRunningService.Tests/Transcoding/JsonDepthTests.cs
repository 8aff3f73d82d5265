using System.Net;
using System.Text;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Transcoding;

/// <summary>JSON nested deeper than the server reads is refused as the client's mistake, on every JSON entry point.</summary>
public sealed class JsonDepthTests
{
    // Thousands of nested arrays in a ListValue once exhausted the parser's stack.
    private static readonly string DeepList = new string('[', 7000) + new string(']', 7000);

    [Fact]
    public async Task RestCreatePipelineJob_DeeplyNestedListValue_Returns400()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync(
            "/v1/projects/p/locations/l/pipelineJobs",
            "{\"displayName\":\"deep\",\"runtimeConfig\":{\"parameterValues\":{\"p\":" + DeepList + "}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_ARGUMENT", response.Error.GetProperty("status").GetString());
        Assert.Contains("deeper than 100 levels", response.Error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RestStartOperation_DeeplyNestedResponse_Returns400()
    {
        await using var server = await TestServer.StartAsync();
        using var rest = new RestTestClient(server.BaseAddress);

        var response = await rest.PostAsync(
            "/emulator/v1/operations:start",
            "{\"script\":{\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.ListValue\",\"value\":" + DeepList + "}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_ARGUMENT", response.Error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConnectJson_DeeplyNestedListValue_ReturnsInvalidArgument()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new WebTestClient(server.BaseAddress, HttpVersion.Version11);

        var response = await client.PostAsync(
            "/google.cloud.aiplatform.v1.PipelineService/CreatePipelineJob",
            "application/json",
            new StringContent(
                "{\"parent\":\"projects/p/locations/l\",\"pipelineJob\":{\"runtimeConfig\":{\"parameterValues\":{\"p\":" + DeepList + "}}}}",
                Encoding.UTF8));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("\"code\":\"invalid_argument\"", response.Text);
    }
}
