using System.Collections.Frozen;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// One host's handlers, by the made service type that forwards to them
/// (<see cref="ServedServiceTypes"/>): the made types are shared by every host
/// in the process, each host's instances reach that host's handlers.
/// </summary>
public sealed class ServedMethodDispatcher
{
    private readonly FrozenDictionary<int, ServedServiceHandlers> _services;

    internal ServedMethodDispatcher(GrpcMethodTable table, IServedDescriptorSource? descriptors = null)
    {
        var services = new Dictionary<int, ServedServiceHandlers>();
        foreach (var service in table.Services)
        {
            var methods = service.Methods
                .Select(method => table.TryGetHandler($"/{service.FullName}/{method.Name}", out var served)
                    ? served
                    : throw new InvalidOperationException($"No method '{method.FullName}' in the table."))
                .ToArray();
            services.Add(ServedServiceTypes.IdOf(descriptors?.ServedDescriptorOf(service) ?? service), new ServedServiceHandlers(methods));
        }

        _services = services.ToFrozenDictionary();
    }

    /// <summary>The handlers of the made service type numbered <paramref name="service"/>, in its descriptor's method order.</summary>
    public ServedServiceHandlers For(int service) =>
        _services.TryGetValue(service, out var handlers)
            ? handlers
            : throw new InvalidOperationException($"This host serves no service numbered {service}.");
}
