using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Registry;
using LongRunningService.Operations.Storage;
using LongRunningService.Services.Errors;
using Microsoft.Extensions.Logging;

namespace LongRunningService.Services.Vertex;

/// <summary>
/// Long-running operations that Vertex methods return, named
/// <c>projects/{p}/locations/{l}/operations/{id}</c> (the form every REST
/// binding of Vertex's Operations service reaches), with the metadata and
/// response types that the method's <c>operation_info</c> names, marked as
/// operations of <paramref name="api"/>.
/// </summary>
internal sealed partial class VertexOperations(IOperationRegistry registry, TimeProvider clock, string api, ILogger logger)
{
    /// <summary>The metadata and response types of an LRO method, from its operation_info option.</summary>
    public static (MessageDescriptor Metadata, MessageDescriptor Response) TypesOf(MethodDescriptor method)
    {
        var info = method.GetOptions()?.GetExtension(OperationsExtensions.OperationInfo)
            ?? throw new InvalidOperationException($"Method '{method.FullName}' returns an Operation but declares no operation_info.");
        return (Resolve(method.File, info.MetadataType), Resolve(method.File, info.ResponseType));
    }

    /// <summary>
    /// Starts an operation; <paramref name="work"/> runs in the background and
    /// returns the response. These are the operations of deletions and
    /// cancellations, so they are taken even when the registry is full.
    /// <paramref name="described"/>, recorded with it, lets a restarted server
    /// run the work on (see <see cref="VertexJobWork"/>).
    /// </summary>
    public Operation Start(string location, MessageDescriptor metadataType, DateTimeOffset created, OperationWork described, Func<Task<IMessage>> work)
    {
        while (true)
        {
            var name = $"{location}/operations/{registry.NewOperationId()}";
            OperationHandle handle;
            try
            {
                handle = registry.Start(name, Any.Pack(Metadata(metadataType, created, created)), api, needsRoom: false, described);
            }
            catch (OperationAlreadyExistsException)
            {
                continue;
            }
            catch (RegistryFullException full)
            {
                throw RpcErrors.ResourceExhausted(full.Message);
            }

            _ = RunAsync(handle, metadataType, created, work);
            return handle.Current;
        }
    }

    /// <summary>Runs the work of an operation started before a restart, as <see cref="Start"/> would have.</summary>
    public void Resume(OperationHandle handle, MessageDescriptor metadataType, DateTimeOffset created, Func<Task<IMessage>> work) =>
        _ = RunAsync(handle, metadataType, created, work);

    private async Task RunAsync(OperationHandle handle, MessageDescriptor metadataType, DateTimeOffset created, Func<Task<IMessage>> work)
    {
        IMessage response;
        try
        {
            response = await work();
        }
        catch (Exception exception)
        {
            // Nothing may escape background work: it is logged and the operation ends with a status instead.
            Log.WorkFailed(logger, handle.Name, exception);
            handle.TryFail(new Google.Rpc.Status { Code = (int)Google.Rpc.Code.Internal, Message = "The operation failed inside the server." });
            return;
        }

        handle.TrySucceed(Any.Pack(response), Any.Pack(Metadata(metadataType, created, clock.GetUtcNow())));
    }

    // Every Vertex operation metadata type carries GenericOperationMetadata { create_time = 2; update_time = 3 } as generic_metadata.
    private static IMessage Metadata(MessageDescriptor metadataType, DateTimeOffset created, DateTimeOffset updated)
    {
        var metadata = metadataType.Parser.ParseFrom(ByteString.Empty);
        var genericField = metadataType.FindFieldByName("generic_metadata");
        var generic = genericField.MessageType.Parser.ParseFrom(ByteString.Empty);
        genericField.MessageType.FindFieldByName("create_time").Accessor.SetValue(generic, Timestamp.FromDateTimeOffset(created));
        genericField.MessageType.FindFieldByName("update_time").Accessor.SetValue(generic, Timestamp.FromDateTimeOffset(updated));
        genericField.Accessor.SetValue(metadata, generic);
        return metadata;
    }

    // operation_info names types relative to the method's package unless fully qualified.
    private static MessageDescriptor Resolve(FileDescriptor file, string typeName)
    {
        var qualified = typeName.Contains('.', StringComparison.Ordinal) ? typeName : $"{file.Package}.{typeName}";
        var seen = new HashSet<FileDescriptor>();
        var pending = new Stack<FileDescriptor>([file]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            if (qualified.StartsWith(current.Package + ".", StringComparison.Ordinal)
                && current.FindTypeByName<MessageDescriptor>(qualified[(current.Package.Length + 1)..]) is { } found)
            {
                return found;
            }

            foreach (var dependency in current.Dependencies)
            {
                pending.Push(dependency);
            }
        }

        throw new InvalidOperationException($"Type '{qualified}' named by operation_info is not among the descriptors of '{file.Name}'.");
    }

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Error, "The work behind Vertex operation {Name} failed")]
        public static partial void WorkFailed(ILogger logger, string name, Exception exception);
    }
}
