namespace LongRunningService.Protocol.Grpc;

/// <summary>Limits and switches of the gRPC layer, bound from the <c>Grpc</c> configuration section.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Grpc";

    /// <summary>
    /// Largest request message accepted, in bytes, after decompression. Larger
    /// ones end the call with RESOURCE_EXHAUSTED. Default 4 MiB; null means no limit.
    /// </summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest response message sent, in bytes. A larger one ends the call with
    /// RESOURCE_EXHAUSTED. Default 4 MiB; null means no limit.
    /// </summary>
    public int? MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// When true, an unhandled exception's type and message go into the INTERNAL
    /// status sent to the client. Default false: clients get a generic message.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }
}
