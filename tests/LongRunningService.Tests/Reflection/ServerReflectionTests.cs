using Google.LongRunning;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Reflection.V1;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Tests.Infrastructure;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace LongRunningService.Tests.Reflection;

public sealed class ServerReflectionTests
{
    private static readonly string[] OurServices =
    [
        "google.longrunning.Operations",
        "longrunning.emulator.v1.OperationsEmulator",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.health.v1.Health",
    ];

    [Fact]
    public async Task ListServices_V1_ReturnsEveryServedServiceInRegistrationOrder()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        var response = await client.AskOneAsync(new ServerReflectionRequest { ListServices = "*" });

        var names = response.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Equal(server.GetService<GrpcMethodTable>().Services.Select(s => s.FullName), names);
        Assert.Subset(names.ToHashSet(), OurServices.ToHashSet());
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public async Task ListServices_V1Alpha_ReturnsEveryServedService()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new V1Alpha.ServerReflection.ServerReflectionClient(channel);

        using var call = client.ServerReflectionInfo(deadline: DateTime.UtcNow + TestTimeouts.Default);
        await call.RequestStream.WriteAsync(new V1Alpha.ServerReflectionRequest { Host = "localhost", ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var response = call.ResponseStream.Current;

        Assert.Equal(server.GetService<GrpcMethodTable>().Services.Select(s => s.FullName), response.ListServicesResponse.Service.Select(s => s.Name));
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task FileContainingSymbol_OperationsService_ReturnsItsFileFirstWithEveryFileItImports()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = "google.longrunning.Operations" });

        var names = ReflectionTestClient.FileNames(response);
        Assert.Equal("google/longrunning/operations.proto", names[0]);
        Assert.Equal(Closure(OperationsReflection.Descriptor).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(OperationsReflection.Descriptor.SerializedData, response.FileDescriptorResponse.FileDescriptorProto[0]);
    }

    [Theory]
    [InlineData("google.longrunning.Operations.GetOperation", "google/longrunning/operations.proto")]
    [InlineData("google.longrunning.Operation", "google/longrunning/operations.proto")]
    [InlineData("google.api.FieldBehavior", "google/api/field_behavior.proto")]
    [InlineData("google.protobuf.Any", "google/protobuf/any.proto")]
    [InlineData("google.protobuf.StringValue", "google/protobuf/wrappers.proto")]
    [InlineData("google.rpc.ResourceInfo", "google/rpc/error_details.proto")]
    [InlineData("google.protobuf.FieldDescriptorProto.Type", "google/protobuf/descriptor.proto")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus", "health.proto")] // Grpc.HealthCheck's file is named so
    [InlineData("grpc.reflection.v1alpha.ServerReflection.ServerReflectionInfo", "grpc/reflection/v1alpha/reflection.proto")]
    [InlineData("longrunning.emulator.v1.ScriptedOperationMetadata", "longrunning/emulator/v1/operations_emulator.proto")]
    [InlineData("google.cloud.aiplatform.v1.PipelineService", "google/cloud/aiplatform/v1/pipeline_service.proto")]
    public async Task FileContainingSymbol_EachKindOfSymbol_ReturnsTheDeclaringFileFirst(string symbol, string fileName)
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = symbol });

        Assert.Equal(fileName, ReflectionTestClient.FileNames(response)[0]);
    }

    [Fact]
    public async Task FileContainingSymbol_VertexJobService_SendsAClosureThatBuildsWithoutLocalProtos()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = "google.cloud.aiplatform.v1.JobService" });

        var files = ReflectionTestClient.Build(response);
        var service = files.Single(f => f.Name == "google/cloud/aiplatform/v1/job_service.proto").FindTypeByName<ServiceDescriptor>("JobService");
        Assert.Equal(
            Google.Cloud.AIPlatform.V1.JobServiceReflection.Descriptor.Services[0].Methods.Select(m => m.Name),
            service.Methods.Select(m => m.Name));
    }

    // buf curl and grpcurl print an Operation's metadata and response by resolving the Any's type
    // through reflection: every type an operation_info names must resolve, with what it imports.
    [Fact]
    public async Task FileContainingSymbol_EveryOperationMetadataAndResponseType_ResolvesToADescriptorThatBuilds()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);
        var payloadTypes = server.GetService<GrpcMethodTable>().Services
            .SelectMany(s => s.Methods)
            .Select(m => (Method: m, Info: m.GetOptions()?.GetExtension(OperationsExtensions.OperationInfo)))
            .Where(m => m.Info is not null)
            .SelectMany(m => new[] { m.Info!.MetadataType, m.Info.ResponseType }.Select(t => t.Contains('.') ? t : $"{m.Method.File.Package}.{t}"))
            .Append("longrunning.emulator.v1.ScriptedOperationMetadata")
            .Distinct()
            .ToList();
        Assert.Contains("google.cloud.aiplatform.v1.DeleteOperationMetadata", payloadTypes);
        Assert.Contains("google.cloud.optimization.v1.AsyncModelMetadata", payloadTypes);
        Assert.Contains("google.maps.routeoptimization.v1.BatchOptimizeToursMetadata", payloadTypes);

        var responses = await client.AskAsync(payloadTypes.Select(t => new ServerReflectionRequest { FileContainingSymbol = t }).ToArray());

        Assert.Equal(payloadTypes.Count, responses.Count);
        foreach (var (type, response) in payloadTypes.Zip(responses))
        {
            Assert.True(response.MessageResponseCase == ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, $"{type}: {response.ErrorResponse?.ErrorMessage}");
            var files = ReflectionTestClient.Build(response);
            Assert.Contains(type, files.SelectMany(f => f.MessageTypes).SelectMany(Nested).Select(m => m.FullName));
        }
    }

    [Fact]
    public async Task FileContainingSymbol_UnknownSymbol_AnswersNotFoundOnTheStream()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = "google.longrunning.Nope" });

        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, response.MessageResponseCase);
        Assert.Equal((int)Code.NotFound, response.ErrorResponse.ErrorCode);
    }

    [Fact]
    public async Task FileByFilename_KnownFile_ReturnsItFirstWithItsImports()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileByFilename = "google/rpc/status.proto" });

        Assert.Equal(["google/rpc/status.proto", "google/protobuf/any.proto"], ReflectionTestClient.FileNames(response));
    }

    [Fact]
    public async Task FileByFilename_UnknownFile_AnswersNotFoundOnTheStream()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileByFilename = "google/nope.proto" });

        Assert.Equal((int)Code.NotFound, response.ErrorResponse.ErrorCode);
    }

    [Fact]
    public async Task ServerReflectionInfo_SeveralRequestsOnOneStream_AnswersEachInOrder()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);
        ServerReflectionRequest[] requests =
        [
            new() { ListServices = string.Empty },
            new() { FileContainingSymbol = "google.longrunning.Nope" },
            new() { FileByFilename = "google/protobuf/empty.proto" },
        ];

        var responses = await client.AskAsync(requests);

        Assert.Equal(
            [
                ServerReflectionResponse.MessageResponseOneofCase.ListServicesResponse,
                ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse,
                ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse,
            ],
            responses.Select(r => r.MessageResponseCase));
        Assert.Equal(["google/protobuf/empty.proto"], ReflectionTestClient.FileNames(responses[2]));
    }

    [Fact]
    public async Task ServerReflectionInfo_ResponseArrivesBeforeRequestStreamEnds()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = TestChannels.For(server);
        var client = new ReflectionTestClient(channel);

        // An interactive session: the client keeps its side open until it has read the answer.
        using var call = client.Client.ServerReflectionInfo(deadline: DateTime.UtcNow + TestTimeouts.Default);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileByFilename = "google/protobuf/empty.proto" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var first = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();

        Assert.Equal(["google/protobuf/empty.proto"], ReflectionTestClient.FileNames(first));
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(global::Grpc.Core.StatusCode.OK, call.GetStatus().StatusCode);
    }

    private static IEnumerable<MessageDescriptor> Nested(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(Nested).Prepend(message);

    private static IEnumerable<string> Closure(FileDescriptor file) =>
        file.Dependencies.SelectMany(Closure).Prepend(file.Name).Distinct();
}
