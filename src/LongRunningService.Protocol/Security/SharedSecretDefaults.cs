namespace LongRunningService.Protocol.Security;

/// <summary>The names the shared-secret check is registered under, and the services that stay open.</summary>
internal static class SharedSecretDefaults
{
    /// <summary>The authentication scheme that reads the token.</summary>
    public const string Scheme = "SharedSecret";

    /// <summary>The authorization policy every protected method requires.</summary>
    public const string Policy = "SharedSecret";

    /// <summary>gRPC health stays open so harnesses can probe; decided by the method that runs, never by a path.</summary>
    public static bool IsOpenService(string serviceName) =>
        string.Equals(serviceName, "grpc.health.v1.Health", StringComparison.Ordinal);
}
