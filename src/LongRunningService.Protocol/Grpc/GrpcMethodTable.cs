using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.CallHandlers;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Every method of every served descriptor, keyed by its HTTP/2 path
/// <c>/{package.Service}/{Method}</c>; built once at start-up from the
/// descriptors, never by hand.
/// </summary>
internal sealed class GrpcMethodTable
{
    private readonly FrozenDictionary<string, ServerCallHandler> _byPath;
    private readonly FrozenSet<string> _serviceNames;

    public GrpcMethodTable(IEnumerable<IGrpcService> services, GrpcServerRuntime runtime)
    {
        var byPath = new Dictionary<string, ServerCallHandler>(StringComparer.Ordinal);
        var descriptors = new List<ServiceDescriptor>();
        foreach (var service in services)
        {
            var binder = new GrpcServiceBinder(service.Descriptor, runtime);
            service.Bind(binder);
            if (descriptors.Any(d => d.FullName == service.Descriptor.FullName))
            {
                throw new InvalidOperationException($"Service '{service.Descriptor.FullName}' is registered twice.");
            }

            descriptors.Add(service.Descriptor);
            foreach (var method in service.Descriptor.Methods)
            {
                var handler = binder.Handlers.TryGetValue(method.Name, out var bound)
                    ? bound
                    : new UnimplementedServerCallHandler(method, runtime);
                byPath.Add(handler.Path, handler);
            }
        }

        Services = descriptors;
        _byPath = byPath.ToFrozenDictionary(StringComparer.Ordinal);
        _serviceNames = descriptors.Select(d => d.FullName).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The served services, in registration order.</summary>
    public IReadOnlyList<ServiceDescriptor> Services { get; }

    /// <summary>Every method's handler, bound or not, for transports that route by other means (REST).</summary>
    public IEnumerable<ServerCallHandler> Handlers => _byPath.Values;

    public bool TryGetHandler(string path, out ServerCallHandler handler) =>
        _byPath.TryGetValue(path, out handler!);

    /// <summary>The UNIMPLEMENTED status for a path no method has: unknown service, or unknown method of a known one.</summary>
    public RpcException DescribeUnknownPath(string path)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return GrpcProtocolErrors.UnknownService(trimmed);
        }

        var service = trimmed[..slash];
        return _serviceNames.Contains(service)
            ? GrpcProtocolErrors.UnknownMethod(service, trimmed[(slash + 1)..])
            : GrpcProtocolErrors.UnknownService(service);
    }
}
