using Google.Protobuf;
using Google.Rpc;
using Grpc.Reflection.V1;
using LongRunningService.Protocol.Grpc;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Reflection;

/// <summary>
/// Answers server reflection questions, one response per request in request
/// order (grpc/doc/server-reflection.md). A question that cannot be answered
/// gets an <c>error_response</c> on the stream, which stays open for the next.
/// Both protocol versions run through here; it speaks v1's messages.
/// </summary>
internal sealed class ServerReflectionResponder
{
    private readonly Lazy<ServerReflectionIndex> _index;

    public ServerReflectionResponder(IServiceProvider services)
    {
        // The method table is built from every IGrpcService, the reflection services among
        // them, so it is looked up on the first question rather than injected.
        _index = new Lazy<ServerReflectionIndex>(
            () => ServerReflectionIndex.Build(services.GetRequiredService<GrpcMethodTable>().Services));
    }

    public async Task RunAsync(
        IAsyncStreamReader<ServerReflectionRequest> requests,
        IServerStreamWriter<ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(requests.Current), context.CancellationToken);
        }
    }

    public ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var index = _index.Value;
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse
                {
                    Service = { index.ServiceNames.Select(name => new ServiceResponse { Name = name }) },
                };
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFiles(response, index.FindFileByName(request.FileByFilename), $"File '{request.FileByFilename}' is not known to this server.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFiles(response, index.FindFileContainingSymbol(request.FileContainingSymbol), $"Symbol '{request.FileContainingSymbol}' is not known to this server.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var extension = request.FileContainingExtension;
                SetFiles(
                    response,
                    index.FindFileContainingExtension(extension.ContainingType, extension.ExtensionNumber),
                    $"Extension {extension.ExtensionNumber} of message type '{extension.ContainingType}' is not known to this server.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var type = request.AllExtensionNumbersOfType;
                if (index.FindExtensionNumbers(type) is { } numbers)
                {
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = type, ExtensionNumber = { numbers } };
                }
                else
                {
                    SetError(response, Code.NotFound, $"Message type '{type}' is not known to this server.");
                }

                break;

            default:
                // Nothing set, or a kind of question newer than this protocol version.
                SetError(response, Code.Unimplemented, "The request asks no question this server can answer; set one field of message_request.");
                break;
        }

        return response;
    }

    private static void SetFiles(ServerReflectionResponse response, IReadOnlyList<ByteString>? files, string notFound)
    {
        if (files is null)
        {
            SetError(response, Code.NotFound, notFound);
            return;
        }

        response.FileDescriptorResponse = new FileDescriptorResponse { FileDescriptorProto = { files } };
    }

    private static void SetError(ServerReflectionResponse response, Code code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
