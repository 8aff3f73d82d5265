using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc.Served;

namespace LongRunningService.Protocol.Grpc;

/// <summary>
/// Every method of every served descriptor, keyed by its HTTP/2 path
/// <c>/{package.Service}/{Method}</c>, with the handler bound to it or none;
/// built once at start-up from the descriptors, never by hand.
/// </summary>
internal sealed class GrpcMethodTable
{
    private readonly FrozenDictionary<string, ServedMethod> _byPath;
    private readonly FrozenSet<string> _serviceNames;

    public GrpcMethodTable(IEnumerable<IGrpcService> services, GrpcServerRuntime runtime)
    {
        var byPath = new Dictionary<string, ServedMethod>(StringComparer.Ordinal);
        var descriptors = new List<ServiceDescriptor>();
        foreach (var service in services)
        {
            var binder = new GrpcServiceBinder(service.Descriptor);
            service.Bind(binder);
            if (descriptors.Any(d => d.FullName == service.Descriptor.FullName))
            {
                throw new InvalidOperationException($"Service '{service.Descriptor.FullName}' is registered twice.");
            }

            descriptors.Add(service.Descriptor);
            foreach (var method in service.Descriptor.Methods)
            {
                var served = new ServedMethod(method, binder.Handlers.GetValueOrDefault(method.Name), runtime);
                byPath.Add(served.Path, served);
            }
        }

        Services = descriptors;
        _byPath = byPath.ToFrozenDictionary(StringComparer.Ordinal);
        _serviceNames = descriptors.Select(d => d.FullName).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The served services, in registration order.</summary>
    public IReadOnlyList<ServiceDescriptor> Services { get; }

    public bool TryGetHandler(string path, out ServedMethod handler) =>
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
