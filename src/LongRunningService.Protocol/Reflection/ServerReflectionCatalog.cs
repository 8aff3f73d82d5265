using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Reflection;
using LongRunningService.Protocol.Grpc;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Reflection;

/// <summary>
/// The package's reflection services (Grpc.Reflection), v1 and v1alpha, over
/// what this server serves. Services are bound from descriptors rather than
/// generated bases, so the package's endpoint discovery cannot find them: the
/// served services and the files they reach are handed over here, with the
/// files of common <c>Any</c> payloads no method names.
/// </summary>
internal sealed class ServerReflectionCatalog
{
    private readonly Lazy<(ReflectionV1ServiceImpl V1, ReflectionServiceImpl V1Alpha)> _services;

    public ServerReflectionCatalog(IServiceProvider services)
    {
        // The method table is built from every IGrpcService, the reflection services among
        // them, so it is looked up on the first question rather than injected.
        _services = new(() =>
        {
            var served = services.GetRequiredService<GrpcMethodTable>().Services;
            var names = served.Select(s => s.FullName).ToArray();
            var symbols = SymbolRegistry.FromFiles(served.Select(s => s.File).Concat(PayloadFiles));
            return (new ReflectionV1ServiceImpl(names, symbols), new ReflectionServiceImpl(names, symbols));
        });
    }

    /// <summary>
    /// Files served besides the services' own and their imports: every well-known type and
    /// google.rpc's error details. Clients pack them into <c>Any</c> fields
    /// (<c>Operation.response</c>, <c>google.rpc.Status.details</c>) where no method
    /// names them, and resolve the type URL through reflection to read the payload.
    /// The operation metadata and response types of the served APIs live in the
    /// services' files or their imports, as in Google's own protos.
    /// </summary>
    public static IReadOnlyList<FileDescriptor> PayloadFiles { get; } =
    [
        .. Transcoding.RestJson.AlwaysKnown,
        ApiReflection.Descriptor,
        SourceContextReflection.Descriptor,
        TypeReflection.Descriptor,
        DescriptorReflection.Descriptor,
        Google.Rpc.CodeReflection.Descriptor,
    ];

    public ReflectionV1ServiceImpl V1 => _services.Value.V1;

    public ReflectionServiceImpl V1Alpha => _services.Value.V1Alpha;
}
