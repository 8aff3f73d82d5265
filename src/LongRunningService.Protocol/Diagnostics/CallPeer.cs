using LongRunningService.Protocol.Grpc;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Diagnostics;

/// <summary>
/// The client of a call, described only when asked: most calls are counted
/// but not logged, and formatting an address on each would cost every call.
/// </summary>
internal readonly struct CallPeer
{
    private readonly ConnectionInfo? _connection;

    private CallPeer(ConnectionInfo connection) => _connection = connection;

    public static CallPeer Of(ConnectionInfo connection) => new(connection);

    public string Describe() => _connection is not null ? GrpcPeer.Describe(_connection) : "unknown";
}
