namespace LongRunningService.Protocol.Security;

/// <summary>The optional shared secret every call must carry, bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// When set, every call must present it as <c>authorization: Bearer …</c>,
    /// <c>x-goog-api-key: …</c> or (REST) <c>?key=…</c>, or it ends UNAUTHENTICATED.
    /// Health checks and metrics stay open. Default null: no check.
    /// </summary>
    public string? Token { get; set; }
}
