namespace LongRunningService.Protocol.Hosting;

/// <summary>The two kinds of cleartext connection a shared port tells apart.</summary>
internal enum SharedPortLane
{
    /// <summary>HTTP/1.1: REST and gRPC-Web.</summary>
    Http1 = 0,

    /// <summary>HTTP/2 with prior knowledge: gRPC, and REST from HTTP/2 clients.</summary>
    Http2 = 1,
}
