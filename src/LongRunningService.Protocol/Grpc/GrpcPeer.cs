using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Grpc;

/// <summary>Formats a client address the way gRPC names peers: <c>ipv4:1.2.3.4:5</c>, <c>ipv6:[::1]:5</c>.</summary>
internal static class GrpcPeer
{
    public static string Describe(ConnectionInfo connection)
    {
        var address = connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ipv6:[{address}]:{connection.RemotePort}"
            : $"ipv4:{address}:{connection.RemotePort}";
    }
}
