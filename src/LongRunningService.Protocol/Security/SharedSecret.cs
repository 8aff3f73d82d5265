using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Security;

/// <summary>
/// Checks that a request carries the configured token, the ways Google's APIs
/// take a credential: a bearer token, an API key header, or a <c>key</c> query
/// parameter. Compared in constant time, over digests so the length leaks too.
/// </summary>
internal sealed class SharedSecret(string token)
{
    private const string BearerPrefix = "Bearer ";

    private readonly byte[] _digest = Digest(token);

    public bool IsPresentIn(HttpRequest request, bool acceptQueryKey)
    {
        var found = false;
        foreach (var value in request.Headers.Authorization)
        {
            if (value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                found |= Matches(value[BearerPrefix.Length..].Trim());
            }
        }

        foreach (var value in request.Headers["x-goog-api-key"])
        {
            found |= value is not null && Matches(value.Trim());
        }

        if (acceptQueryKey)
        {
            foreach (var value in request.Query["key"])
            {
                found |= value is not null && Matches(value);
            }
        }

        return found;
    }

    private bool Matches(string candidate) => CryptographicOperations.FixedTimeEquals(Digest(candidate), _digest);

    private static byte[] Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
