using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.CallHandlers;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Binds handlers to the methods of one service descriptor, checking at
/// start-up that each method exists, has the handler's call type and uses the
/// handler's message types.
/// </summary>
internal sealed class GrpcServiceBinder(ServiceDescriptor service, GrpcServerRuntime runtime)
{
    private readonly Dictionary<string, ServerCallHandler> _handlers = new(StringComparer.Ordinal);

    public ServiceDescriptor Service { get; } = service;

    public IReadOnlyDictionary<string, ServerCallHandler> Handlers => _handlers;

    public void MapUnary<TRequest, TResponse>(string methodName, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: false);
        _handlers.Add(methodName, new UnaryServerCallHandler<TRequest, TResponse>(method, runtime, handler));
    }

    public void MapServerStreaming<TRequest, TResponse>(string methodName, Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: true);
        _handlers.Add(methodName, new ServerStreamingServerCallHandler<TRequest, TResponse>(method, runtime, handler));
    }

    public void MapClientStreaming<TRequest, TResponse>(string methodName, Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: false);
        _handlers.Add(methodName, new ClientStreamingServerCallHandler<TRequest, TResponse>(method, runtime, handler));
    }

    public void MapDuplexStreaming<TRequest, TResponse>(string methodName, Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: true);
        _handlers.Add(methodName, new DuplexStreamingServerCallHandler<TRequest, TResponse>(method, runtime, handler));
    }

    /// <summary>
    /// Binds an untyped handler, for services that serve several descriptors
    /// with one implementation (e.g. the v1 and v1beta1 versions of an API).
    /// The typed handler is made once here, at start-up.
    /// </summary>
    public void MapUnary(string methodName, Func<IMessage, ServerCallContext, Task<IMessage>> handler)
    {
        var method = Service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"Cannot bind '{methodName}': service '{Service.FullName}' declares no such method.");
        typeof(GrpcServiceBinder)
            .GetMethod(nameof(MapUntyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
            .Invoke(this, [methodName, handler]);
    }

    private void MapUntyped<TRequest, TResponse>(string methodName, Func<IMessage, ServerCallContext, Task<IMessage>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        MapUnary<TRequest, TResponse>(methodName, async (request, context) => (TResponse)await handler(request, context));

    private MethodDescriptor Resolve<TRequest, TResponse>(string methodName, bool clientStreaming, bool serverStreaming)
    {
        var method = Service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"Cannot bind '{methodName}': service '{Service.FullName}' declares no such method.");

        if (method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new InvalidOperationException(
                $"Cannot bind '{Service.FullName}/{methodName}': the handler's call type does not match the descriptor "
                + $"(client streaming {method.IsClientStreaming}, server streaming {method.IsServerStreaming}).");
        }

        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new InvalidOperationException(
                $"Cannot bind '{Service.FullName}/{methodName}': the handler takes {typeof(TRequest).Name} and returns "
                + $"{typeof(TResponse).Name}, but the descriptor says {method.InputType.FullName} and {method.OutputType.FullName}.");
        }

        if (_handlers.ContainsKey(methodName))
        {
            throw new InvalidOperationException($"Cannot bind '{Service.FullName}/{methodName}' twice.");
        }

        return method;
    }
}
