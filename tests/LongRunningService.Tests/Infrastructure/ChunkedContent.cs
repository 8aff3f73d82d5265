using System.Net;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>A request body sent as separate writes, each flushed, so each chunk travels in its own DATA frame.</summary>
internal sealed class ChunkedContent(IEnumerable<byte[]> chunks, Func<Task>? betweenChunks = null) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        foreach (var chunk in chunks)
        {
            await stream.WriteAsync(chunk);
            await stream.FlushAsync();
            if (betweenChunks is not null)
            {
                await betweenChunks();
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
