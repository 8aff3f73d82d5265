using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// The configured token (<see cref="AuthOptions.Token"/>), and whether a request
/// carries it the ways Google's APIs take a credential: a bearer token, an API
/// key header, or a <c>key</c> query parameter. Compared in constant time, over
/// digests so the length leaks too.
/// </summary>
internal sealed class SharedSecret(IOptions<AuthOptions> options)
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _digest = string.IsNullOrEmpty(options.Value.Token) ? null : Digest(options.Value.Token);

    /// <summary>False when no token is configured: then nothing is checked.</summary>
    public bool IsConfigured => _digest is not null;

    public bool IsPresentIn(HttpRequest request, bool acceptQueryKey)
    {
        if (_digest is null)
        {
            return true;
        }

        var found = false;
        foreach (var value in request.Headers.Authorization)
        {
            if (value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                found |= Matches(value[BearerPrefix.Length..].Trim(), _digest);
            }
        }

        foreach (var value in request.Headers["x-goog-api-key"])
        {
            found |= value is not null && Matches(value.Trim(), _digest);
        }

        if (acceptQueryKey)
        {
            foreach (var value in request.Query["key"])
            {
                found |= value is not null && Matches(value, _digest);
            }
        }

        return found;
    }

    private static bool Matches(string candidate, byte[] digest) => CryptographicOperations.FixedTimeEquals(Digest(candidate), digest);

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
