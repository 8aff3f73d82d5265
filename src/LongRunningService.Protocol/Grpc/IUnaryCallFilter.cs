using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Grpc;

/// <summary>The rest of a unary call: later filters, then the service's handler.</summary>
internal delegate Task<IMessage> UnaryContinuation(IMessage request, ServerCallContext context);

/// <summary>
/// Runs around every unary call on every transport (gRPC, gRPC-Web, REST),
/// because it wraps the handler where it is bound. Filters may observe the
/// call, delay it, or end it by throwing an <see cref="RpcException"/>.
/// </summary>
internal interface IUnaryCallFilter
{
    Task<IMessage> InvokeAsync(MethodDescriptor method, IMessage request, ServerCallContext context, UnaryContinuation next);
}
