using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Reflection.V1;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Reflection;

/// <summary>Asks server reflection questions on one stream, framed by hand, and checks the stream ends OK.</summary>
internal sealed class ReflectionTestClient(GrpcTestClient client)
{
    public const string V1Path = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    public const string V1AlphaPath = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

    public async Task<IReadOnlyList<ServerReflectionResponse>> AskAsync(params ServerReflectionRequest[] requests)
    {
        var messages = await AskRawAsync(V1Path, requests);
        return messages.Select(ServerReflectionResponse.Parser.ParseFrom).ToList();
    }

    public async Task<ServerReflectionResponse> AskOneAsync(ServerReflectionRequest request) =>
        Assert.Single(await AskAsync(request));

    /// <summary>Each request in its own DATA frame on one stream; the response messages as sent.</summary>
    public async Task<IReadOnlyList<byte[]>> AskRawAsync(string path, IEnumerable<IMessage> requests)
    {
        var result = await client.SendAsync(path, new ChunkedContent(requests.Select(GrpcFrames.Frame).ToList()));
        Assert.Equal(Code.Ok, result.StatusCode);
        return result.Messages;
    }

    /// <summary>The names of the files in a file_descriptor_response, in the order sent.</summary>
    public static IReadOnlyList<string> FileNames(ServerReflectionResponse response) =>
        response.FileDescriptorResponse.FileDescriptorProto.Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name).ToList();
}
