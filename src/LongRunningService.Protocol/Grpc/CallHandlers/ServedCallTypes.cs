using LibraryContext = global::Grpc.Core.ServerCallContext;

namespace LongRunningService.Protocol.Grpc.CallHandlers;

/// <summary>A unary handler, run in a call the library serves.</summary>
internal interface IServedUnary<TRequest, TResponse>
{
    Task<TResponse> ServeAsync(TRequest request, LibraryContext context);
}

/// <summary>A server-streaming handler, run in a call the library serves.</summary>
internal interface IServedServerStreaming<TRequest, TResponse>
{
    Task ServeAsync(TRequest request, global::Grpc.Core.IServerStreamWriter<TResponse> responses, LibraryContext context);
}

/// <summary>A client-streaming handler, run in a call the library serves.</summary>
internal interface IServedClientStreaming<TRequest, TResponse>
{
    Task<TResponse> ServeAsync(global::Grpc.Core.IAsyncStreamReader<TRequest> requests, LibraryContext context);
}

/// <summary>A duplex-streaming handler, run in a call the library serves.</summary>
internal interface IServedDuplexStreaming<TRequest, TResponse>
{
    Task ServeAsync(global::Grpc.Core.IAsyncStreamReader<TRequest> requests, global::Grpc.Core.IServerStreamWriter<TResponse> responses, LibraryContext context);
}
