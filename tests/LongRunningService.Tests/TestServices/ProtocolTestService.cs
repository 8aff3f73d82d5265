using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Tests.Protos;

namespace LongRunningService.Tests.TestServices;

/// <summary>Drives the protocol layer through every call type for the protocol tests.</summary>
internal sealed class ProtocolTestService : IGrpcService
{
    public ServiceDescriptor Descriptor => ProtocolTestReflection.Descriptor.FindTypeByName<ServiceDescriptor>("ProtocolTest");

    /// <summary>Completes when a handler observed its cancellation token firing.</summary>
    public TaskCompletionSource<string> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a handler began a cancellable delay.</summary>
    public TaskCompletionSource DelayStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<EchoRequest, EchoResponse>(nameof(Echo), Echo);
        binder.MapServerStreaming<EchoRequest, EchoResponse>(nameof(Expand), Expand);
        binder.MapClientStreaming<EchoRequest, EchoResponse>(nameof(Collect), Collect);
        binder.MapDuplexStreaming<EchoRequest, EchoResponse>(nameof(Chat), Chat);
    }

    public async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        await BehaveAsync(request, context);
        await context.WriteResponseHeadersAsync(new Metadata { { "echo-header", "from-headers" } });
        context.ResponseTrailers.Add("echo-trailer", "from-trailers");
        context.ResponseTrailers.Add("echo-trailer-bin", [1, 2, 3]);
        return Respond(request, context);
    }

    public async Task Expand(EchoRequest request, IServerStreamWriter<EchoResponse> writer, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await writer.WriteAsync(new EchoResponse { Message = $"{request.Message}-{i}" });
        }

        await BehaveAsync(request, context);
    }

    public async Task<EchoResponse> Collect(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        var parts = new List<string>();
        while (await requests.MoveNext(context.CancellationToken))
        {
            parts.Add(requests.Current.Message);
        }

        return new EchoResponse { Message = string.Join(",", parts) };
    }

    public async Task Chat(IAsyncStreamReader<EchoRequest> requests, IServerStreamWriter<EchoResponse> writer, ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken))
        {
            await writer.WriteAsync(new EchoResponse { Message = "re:" + requests.Current.Message });
        }
    }

    private async Task BehaveAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs > 0)
        {
            try
            {
                DelayStarted.TrySetResult();
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult(context.Method);
                throw;
            }
        }

        if (request.StubbornDelayMs > 0)
        {
            await Task.Delay(request.StubbornDelayMs, CancellationToken.None);
        }

        if (request.Crash)
        {
            throw new InvalidOperationException("secret internal detail");
        }

        if (request.FailWithCode != 0)
        {
            var status = new Google.Rpc.Status { Code = request.FailWithCode, Message = request.Message };
            if (request.WithDetails)
            {
                status.Details.Add(Any.Pack(new Google.Rpc.BadRequest
                {
                    FieldViolations = { new Google.Rpc.BadRequest.Types.FieldViolation { Field = "message", Description = "bad" } },
                }));
            }

            throw status.ToRpcException();
        }
    }

    private static EchoResponse Respond(EchoRequest request, ServerCallContext context)
    {
        var response = new EchoResponse
        {
            Message = request.Message,
            Padding = ByteString.CopyFrom(new byte[request.PaddingBytes]),
            DeadlineMs = context.Deadline != DateTime.MaxValue ? (long)(context.Deadline - DateTime.UtcNow).TotalMilliseconds : -1,
        };
        foreach (var entry in context.RequestHeaders)
        {
            response.Metadata.Add(entry.Key + "=" + (entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value));
        }

        return response;
    }
}
