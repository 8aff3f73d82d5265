using Google.Protobuf;
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
        var client = new ReflectionTestClient(server.CreateClient());

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
        var client = new ReflectionTestClient(server.CreateClient());
        var request = new V1Alpha.ServerReflectionRequest { Host = "localhost", ListServices = string.Empty };

        var raw = await client.AskRawAsync(ReflectionTestClient.V1AlphaPath, [request]);

        var response = V1Alpha.ServerReflectionResponse.Parser.ParseFrom(Assert.Single(raw));
        Assert.Equal(V1Alpha.ServerReflectionResponse.MessageResponseOneofCase.ListServicesResponse, response.MessageResponseCase);
        Assert.Equal(server.GetService<GrpcMethodTable>().Services.Select(s => s.FullName), response.ListServicesResponse.Service.Select(s => s.Name));
        Assert.Equal("localhost", response.ValidHost);
        Assert.Equal(request, response.OriginalRequest);
    }

    [Fact]
    public async Task FileContainingSymbol_OperationsService_ReturnsItsFileThenEveryImportBeforeItsOwnImports()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = "google.longrunning.Operations" });

        // operations.proto first, and every file ahead of the files it imports (reverse post-order of the imports).
        Assert.Equal(
            [
                "google/longrunning/operations.proto",
                "google/rpc/status.proto",
                "google/protobuf/empty.proto",
                "google/protobuf/any.proto",
                "google/api/field_behavior.proto",
                "google/api/client.proto",
                "google/protobuf/duration.proto",
                "google/api/launch_stage.proto",
                "google/api/annotations.proto",
                "google/protobuf/descriptor.proto",
                "google/api/http.proto",
            ],
            ReflectionTestClient.FileNames(response));
    }

    [Fact]
    public async Task FileContainingSymbol_OperationsService_SendsTheServedDescriptorsBytes()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = "google.longrunning.Operations" });

        Assert.Equal(Google.LongRunning.OperationsReflection.Descriptor.SerializedData, response.FileDescriptorResponse.FileDescriptorProto[0]);
    }

    [Theory]
    [InlineData("google.longrunning.Operations.GetOperation", "google/longrunning/operations.proto")]
    [InlineData("google.longrunning.Operation", "google/longrunning/operations.proto")]
    [InlineData("google.longrunning.Operation.name", "google/longrunning/operations.proto")]
    [InlineData("google.longrunning.Operation.result", "google/longrunning/operations.proto")]
    [InlineData("google.longrunning.operation_info", "google/longrunning/operations.proto")]
    [InlineData("google.api.http", "google/api/annotations.proto")]
    [InlineData("google.api.FieldBehavior", "google/api/field_behavior.proto")]
    [InlineData("google.api.REQUIRED", "google/api/field_behavior.proto")]
    [InlineData("google.protobuf.Any", "google/protobuf/any.proto")]
    [InlineData("google.protobuf.StringValue", "google/protobuf/wrappers.proto")]
    [InlineData("google.rpc.ResourceInfo", "google/rpc/error_details.proto")]
    [InlineData("google.protobuf.FieldDescriptorProto.Type", "google/protobuf/descriptor.proto")]
    [InlineData("google.protobuf.FieldDescriptorProto.TYPE_STRING", "google/protobuf/descriptor.proto")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto")]
    [InlineData("grpc.health.v1.HealthListResponse.StatusesEntry", "grpc/health/v1/health.proto")]
    [InlineData("grpc.reflection.v1alpha.ServerReflection.ServerReflectionInfo", "grpc/reflection/v1alpha/reflection.proto")]
    [InlineData("longrunning.emulator.v1.ScriptedOperationMetadata", "longrunning/emulator/v1/operations_emulator.proto")]
    [InlineData("google.cloud.aiplatform.v1.PipelineService", "google/cloud/aiplatform/v1/pipeline_service.proto")]
    public async Task FileContainingSymbol_EachKindOfSymbol_ReturnsTheDeclaringFileFirst(string symbol, string fileName)
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = symbol });

        Assert.Equal(fileName, ReflectionTestClient.FileNames(response)[0]);
    }

    [Fact]
    public async Task FileContainingSymbol_VertexJobService_SendsAClosureThatBuildsWithoutLocalProtos()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingSymbol = "google.cloud.aiplatform.v1.JobService" });

        // What grpcurl and buf curl do with an answer: build descriptors from it alone, imports before importers.
        var files = FileDescriptor.BuildFromByteStrings(response.FileDescriptorResponse.FileDescriptorProto.Reverse());
        var service = files[^1].FindTypeByName<ServiceDescriptor>("JobService");
        Assert.Equal("google/cloud/aiplatform/v1/job_service.proto", files[^1].Name);
        Assert.Equal(
            Google.Cloud.AIPlatform.V1.JobServiceReflection.Descriptor.Services[0].Methods.Select(m => m.Name),
            service.Methods.Select(m => m.Name));
    }

    [Fact]
    public async Task FileContainingSymbol_UnknownSymbol_AnswersNotFoundOnTheStream()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());
        var request = new ServerReflectionRequest { Host = "example.test", FileContainingSymbol = "google.longrunning.Nope" };

        var response = await client.AskOneAsync(request);

        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, response.MessageResponseCase);
        Assert.Equal((int)Code.NotFound, response.ErrorResponse.ErrorCode);
        Assert.Equal("Symbol 'google.longrunning.Nope' is not known to this server.", response.ErrorResponse.ErrorMessage);
        Assert.Equal("example.test", response.ValidHost);
        Assert.Equal(request, response.OriginalRequest);
    }

    [Fact]
    public async Task FileByFilename_KnownFile_ReturnsItFirst()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileByFilename = "google/rpc/status.proto" });

        Assert.Equal(["google/rpc/status.proto", "google/protobuf/any.proto"], ReflectionTestClient.FileNames(response));
    }

    [Fact]
    public async Task FileByFilename_UnknownFile_AnswersNotFoundOnTheStream()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileByFilename = "google/nope.proto" });

        Assert.Equal((int)Code.NotFound, response.ErrorResponse.ErrorCode);
        Assert.Equal("File 'google/nope.proto' is not known to this server.", response.ErrorResponse.ErrorMessage);
    }

    [Fact]
    public async Task FileContainingExtension_HttpRuleOnMethodOptions_ReturnsAnnotationsFile()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());
        var extension = new ExtensionRequest { ContainingType = "google.protobuf.MethodOptions", ExtensionNumber = 72295728 };

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingExtension = extension });

        Assert.Equal(["google/api/annotations.proto", "google/protobuf/descriptor.proto", "google/api/http.proto"], ReflectionTestClient.FileNames(response));
    }

    [Fact]
    public async Task FileContainingExtension_UnknownNumber_AnswersNotFoundOnTheStream()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());
        var extension = new ExtensionRequest { ContainingType = "google.protobuf.MethodOptions", ExtensionNumber = 999 };

        var response = await client.AskOneAsync(new ServerReflectionRequest { FileContainingExtension = extension });

        Assert.Equal((int)Code.NotFound, response.ErrorResponse.ErrorCode);
        Assert.Equal("Extension 999 of message type 'google.protobuf.MethodOptions' is not known to this server.", response.ErrorResponse.ErrorMessage);
    }

    [Fact]
    public async Task AllExtensionNumbersOfType_MethodOptions_ListsHttpOperationInfoAndMethodSignature()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { AllExtensionNumbersOfType = "google.protobuf.MethodOptions" });

        var numbers = response.AllExtensionNumbersResponse.ExtensionNumber;
        Assert.Equal("google.protobuf.MethodOptions", response.AllExtensionNumbersResponse.BaseTypeName);
        Assert.Contains(72295728, numbers); // google.api.http
        Assert.Contains(1049, numbers); // google.longrunning.operation_info
        Assert.Contains(1051, numbers); // google.api.method_signature
        Assert.Equal(numbers.Order(), numbers);
    }

    [Fact]
    public async Task AllExtensionNumbersOfType_MessageWithoutExtensions_ReturnsNoNumbers()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { AllExtensionNumbersOfType = "google.longrunning.Operation" });

        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.AllExtensionNumbersResponse, response.MessageResponseCase);
        Assert.Empty(response.AllExtensionNumbersResponse.ExtensionNumber);
    }

    [Fact]
    public async Task AllExtensionNumbersOfType_UnknownType_AnswersNotFoundOnTheStream()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { AllExtensionNumbersOfType = "google.protobuf.Nope" });

        Assert.Equal((int)Code.NotFound, response.ErrorResponse.ErrorCode);
        Assert.Equal("Message type 'google.protobuf.Nope' is not known to this server.", response.ErrorResponse.ErrorMessage);
    }

    [Fact]
    public async Task ServerReflectionInfo_NoQuestionSet_AnswersUnimplementedOnTheStream()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());

        var response = await client.AskOneAsync(new ServerReflectionRequest { Host = "h" });

        Assert.Equal((int)Code.Unimplemented, response.ErrorResponse.ErrorCode);
        Assert.Equal("The request asks no question this server can answer; set one field of message_request.", response.ErrorResponse.ErrorMessage);
    }

    [Fact]
    public async Task ServerReflectionInfo_SeveralRequestsOnOneStream_AnswersEachInOrder()
    {
        await using var server = await TestServer.StartAsync();
        var client = new ReflectionTestClient(server.CreateClient());
        ServerReflectionRequest[] requests =
        [
            new() { ListServices = string.Empty },
            new() { FileContainingSymbol = "google.longrunning.Nope" },
            new() { FileByFilename = "google/protobuf/empty.proto" },
            new() { AllExtensionNumbersOfType = "google.protobuf.FileOptions" },
        ];

        var responses = await client.AskAsync(requests);

        Assert.Equal(requests, responses.Select(r => r.OriginalRequest));
        Assert.Equal(
            [
                ServerReflectionResponse.MessageResponseOneofCase.ListServicesResponse,
                ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse,
                ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse,
                ServerReflectionResponse.MessageResponseOneofCase.AllExtensionNumbersResponse,
            ],
            responses.Select(r => r.MessageResponseCase));
        Assert.Equal(["google/protobuf/empty.proto"], ReflectionTestClient.FileNames(responses[2]));
    }

    [Fact]
    public async Task ServerReflectionInfo_ResponseArrivesBeforeRequestStreamEnds()
    {
        await using var server = await TestServer.StartAsync();
        using var grpc = server.CreateClient();
        var firstAnswerRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var body = new ChunkedContent(
            [GrpcFrames.Frame(new ServerReflectionRequest { FileByFilename = "google/protobuf/empty.proto" })],
            () => firstAnswerRead.Task);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, ReflectionTestClient.V1Path)
        {
            Content = body,
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // The client keeps its side open until it has read the answer: an interactive session.
        using var response = await grpc.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
        var stream = await response.Content.ReadAsStreamAsync().DefaultTimeout();
        var header = new byte[5];
        await stream.ReadExactlyAsync(header).AsTask().DefaultTimeout();
        var payload = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1))];
        await stream.ReadExactlyAsync(payload).AsTask().DefaultTimeout();
        firstAnswerRead.SetResult();
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest).DefaultTimeout();

        Assert.Equal(["google/protobuf/empty.proto"], ReflectionTestClient.FileNames(ServerReflectionResponse.Parser.ParseFrom(payload)));
        Assert.Equal(0, rest.Length);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }
}
