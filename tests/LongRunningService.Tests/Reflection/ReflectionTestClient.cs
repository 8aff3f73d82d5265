using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Net.Client;
using Grpc.Reflection.V1;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Reflection;

/// <summary>Asks server reflection questions on one stream through Grpc.Net.Client's generated client.</summary>
internal sealed class ReflectionTestClient(GrpcChannel channel)
{
    public ServerReflection.ServerReflectionClient Client { get; } = new(channel);

    /// <summary>Each request on one stream, then the answers once the client has half-closed; the stream ends OK.</summary>
    public async Task<IReadOnlyList<ServerReflectionResponse>> AskAsync(params ServerReflectionRequest[] requests)
    {
        using var call = Client.ServerReflectionInfo(deadline: DateTime.UtcNow + TestTimeouts.Default);
        foreach (var request in requests)
        {
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        var responses = new List<ServerReflectionResponse>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            responses.Add(call.ResponseStream.Current);
        }

        return responses;
    }

    public async Task<ServerReflectionResponse> AskOneAsync(ServerReflectionRequest request) =>
        Assert.Single(await AskAsync(request));

    /// <summary>The names of the files in a file_descriptor_response, in the order sent.</summary>
    public static IReadOnlyList<string> FileNames(ServerReflectionResponse response) =>
        response.FileDescriptorResponse.FileDescriptorProto.Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name).ToList();

    /// <summary>
    /// What grpcurl and buf curl do with an answer: build descriptors from it alone,
    /// each file after the files it imports, whatever order they came in.
    /// </summary>
    public static IReadOnlyList<FileDescriptor> Build(ServerReflectionResponse response)
    {
        var protos = response.FileDescriptorResponse.FileDescriptorProto.ToDictionary(b => FileDescriptorProto.Parser.ParseFrom(b).Name);
        var ordered = new List<ByteString>();
        var placed = new HashSet<string>();
        void Place(string name)
        {
            if (!placed.Add(name))
            {
                return;
            }

            foreach (var import in FileDescriptorProto.Parser.ParseFrom(protos[name]).Dependency)
            {
                Place(import);
            }

            ordered.Add(protos[name]);
        }

        foreach (var name in protos.Keys)
        {
            Place(name);
        }

        return FileDescriptor.BuildFromByteStrings(ordered);
    }
}
