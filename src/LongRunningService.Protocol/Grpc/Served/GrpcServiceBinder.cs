using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Binds handlers, in Grpc.Core's delegate shapes, to the methods of one
/// service descriptor, checking at start-up that each method exists, has the
/// handler's call type and uses the handler's message types.
/// </summary>
internal sealed class GrpcServiceBinder(ServiceDescriptor service)
{
    private readonly Dictionary<string, Delegate> _handlers = new(StringComparer.Ordinal);

    public ServiceDescriptor Service { get; } = service;

    /// <summary>The bound handlers by method name.</summary>
    public IReadOnlyDictionary<string, Delegate> Handlers => _handlers;

    public void MapUnary<TRequest, TResponse>(string methodName, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: false, handler);

    public void MapServerStreaming<TRequest, TResponse>(string methodName, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: true, handler);

    public void MapClientStreaming<TRequest, TResponse>(string methodName, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: false, handler);

    public void MapDuplexStreaming<TRequest, TResponse>(string methodName, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: true, handler);

    /// <summary>
    /// Binds an untyped handler, for services that serve several descriptors
    /// with one implementation (e.g. the v1 and v1beta1 versions of an API).
    /// The typed handler is made once here, at start-up.
    /// </summary>
    public void MapUnary(string methodName, Func<IMessage, ServerCallContext, Task<IMessage>> handler)
    {
        var method = Find(methodName);
        typeof(GrpcServiceBinder)
            .GetMethod(nameof(MapUntyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
            .Invoke(this, [methodName, handler]);
    }

    private void MapUntyped<TRequest, TResponse>(string methodName, Func<IMessage, ServerCallContext, Task<IMessage>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        MapUnary<TRequest, TResponse>(methodName, async (request, context) => (TResponse)await handler(request, context));

    private MethodDescriptor Find(string methodName) =>
        Service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"Cannot bind '{methodName}': service '{Service.FullName}' declares no such method.");

    private void Add<TRequest, TResponse>(string methodName, bool clientStreaming, bool serverStreaming, Delegate handler)
    {
        var method = Find(methodName);
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

        if (!_handlers.TryAdd(methodName, handler))
        {
            throw new InvalidOperationException($"Cannot bind '{Service.FullName}/{methodName}' twice.");
        }
    }
}
