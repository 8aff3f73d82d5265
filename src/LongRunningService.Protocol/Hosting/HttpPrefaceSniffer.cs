using System.Buffers;
using System.IO.Pipelines;

namespace LongRunningService.Protocol.Hosting;

/// <summary>
/// Tells an HTTP/2 prior-knowledge connection from an HTTP/1.1 one by its
/// first bytes, without consuming them: the server that takes the connection
/// next reads them again from the start.
/// </summary>
internal static class HttpPrefaceSniffer
{
    // RFC 9113 §3.4: a prior-knowledge client opens with exactly these 24 octets.
    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>The lane, or null when the client closed before its first bytes told.</summary>
    public static async ValueTask<SharedPortLane?> DetectAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var lane = Classify(buffer);
            if (lane is not null || result.IsCompleted || result.IsCanceled)
            {
                // Consume nothing and mark nothing examined, so the next read returns these bytes at once.
                input.AdvanceTo(buffer.Start);
                return lane;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>HTTP/2 once all 24 preface bytes match, HTTP/1.1 at the first byte that differs, null while undecided.</summary>
    public static SharedPortLane? Classify(ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> start = stackalloc byte[Preface.Length];
        buffer.Slice(0, length).CopyTo(start);
        if (!start[..length].SequenceEqual(Preface[..length]))
        {
            return SharedPortLane.Http1;
        }

        return length == Preface.Length ? SharedPortLane.Http2 : null;
    }
}
