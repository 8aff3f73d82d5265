using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
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
    private static readonly string[] RecordedHeaders = ["x-goog-request-params", "x-goog-api-client", "x-goog-user-project", "user-agent"];
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
        var record = new CallRecord
        {
            Time = Timestamp.FromDateTimeOffset(arrived),
            Protocol = context.Protocol,
            Method = MethodPaths.Of(method),
            Resource = ResourceOf(request),
        };
        if (context.Deadline is { } deadline)
        {
            record.Timeout = Duration.FromTimeSpan(deadline - arrived);
        }

        foreach (var header in RecordedHeaders)
        {
            if (context.GetRequestHeader(header) is { } value)
            {
                record.Headers[header] = value;
            }
        }

        try
        {
            var response = await next(request, context);
            record.StatusCode = 0;
            return response;
        }
        catch (RpcException exception)
        {
            record.StatusCode = exception.Status.Code;
            throw;
        }
        catch (OperationCanceledException)
        {
            record.StatusCode = (int)Google.Rpc.Code.Cancelled;
            throw;
        }
        catch
        {
            record.StatusCode = (int)Google.Rpc.Code.Internal;
            throw;
        }
        finally
        {
            record.Latency = Duration.FromTimeSpan(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            journal.Add(record, arrived);
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
