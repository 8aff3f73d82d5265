using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace LongRunningService.Protocol.Web;

/// <summary>The response body of a <c>grpc-web-text</c> call: everything written to it goes out as base64.</summary>
internal sealed class GrpcWebTextResponseBodyFeature(IHttpResponseBodyFeature inner, GrpcWebTextResponseWriter writer) : IHttpResponseBodyFeature
{
    private Stream? _stream;

    public Stream Stream => _stream ??= writer.AsStream(leaveOpen: true);

    public PipeWriter Writer => writer;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A gRPC-Web text response carries messages, not files.");

    public Task CompleteAsync()
    {
        writer.EncodePending();
        return inner.CompleteAsync();
    }
}
