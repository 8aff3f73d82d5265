using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// Records every unary call, whatever its transport, into the <see cref="CallJournal"/>:
/// time, protocol, method, resource, a few request headers, deadline, status
/// and latency. Calls to the control API itself are left out.
/// </summary>
internal sealed class CallJournalFilter(CallJournal journal, TimeProvider clock) : IUnaryCallFilter
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor?> ResourceFields = new();

    public async Task<IMessage> InvokeAsync(MethodDescriptor method, IMessage request, ServerCallContext context, UnaryContinuation next)
    {
        if (IsControlPlane(method))
        {
            return await next(request, context);
        }

        var arrived = clock.GetUtcNow();
        // Latency is real time: on a paused clock every call would take no time at all.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var headers = CallJournalHeaders.From(context);
        TimeSpan? timeout = context.Deadline is { } deadline ? deadline - arrived : null;
        var status = (int)Google.Rpc.Code.Internal;
        try
        {
            var response = await next(request, context);
            status = 0;
            return response;
        }
        catch (RpcException exception)
        {
            status = exception.Status.Code;
            throw;
        }
        catch (OperationCanceledException)
        {
            status = (int)Google.Rpc.Code.Cancelled;
            throw;
        }
        finally
        {
            journal.Add(new CallJournalEntry(
                arrived,
                context.Protocol,
                MethodPaths.Of(method),
                ResourceOf(request),
                headers,
                timeout,
                status,
                System.Diagnostics.Stopwatch.GetElapsedTime(started)));
        }
    }

    public static bool IsControlPlane(MethodDescriptor method) =>
        method.Service.FullName == EmulatorControlReflection.Descriptor.Services[0].FullName;

    /// <summary>The request's <c>name</c>, else its <c>parent</c>, else empty.</summary>
    public static string ResourceOf(IMessage request)
    {
        var field = ResourceFields.GetOrAdd(request.Descriptor, static d =>
            d.FindFieldByName("name") is { FieldType: FieldType.String, IsRepeated: false } name ? name
            : d.FindFieldByName("parent") is { FieldType: FieldType.String, IsRepeated: false } parent ? parent
            : null);
        return field is null ? string.Empty : (string)field.Accessor.GetValue(request);
    }
}
