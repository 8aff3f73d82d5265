using System.IO.Pipelines;
using RpcStatus = Google.Rpc.Status;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// How a gRPC-shaped call travels when it is not gRPC over HTTP/2: gRPC-Web and
/// Connect streaming frame messages as gRPC does but carry the status in the
/// body. An adapter puts one in the request's features; the call context then
/// asks it for the protocol name, the response content type and how to end
/// the body. Without one, the call is plain gRPC with HTTP/2 trailers.
/// </summary>
internal abstract class GrpcCallTransport
{
    /// <summary>The protocol name calls record, e.g. <c>grpc-web</c>.</summary>
    public abstract string Protocol { get; }

    /// <summary>The response's content type, which mirrors the request's.</summary>
    public abstract string ResponseContentType { get; }

    /// <summary>True when a status before any message may travel alone in the response headers.</summary>
    public abstract bool AllowsTrailersOnly { get; }

    /// <summary>The codec of message payloads when they are not protobuf binary, else null.</summary>
    public virtual IMessagePayloadCodec? PayloadCodec => null;

    /// <summary>Writes the status and trailing metadata at the end of the response body.</summary>
    public abstract void WriteStatus(PipeWriter body, RpcStatus status, Metadata? trailers);
}
