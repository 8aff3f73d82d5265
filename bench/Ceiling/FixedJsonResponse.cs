using Microsoft.Extensions.Primitives;

/// <summary>
/// The REST ceiling: what Kestrel costs to answer one HTTP/1.1 request with a
/// JSON body, with nothing of transcoding (routing, binding, formatting) in it.
/// </summary>
internal static class FixedJsonResponse
{
    private static readonly StringValues JsonContentType = new("application/json; charset=UTF-8");

    // GET /v1/projects/bench/locations/us-central1/operations/bench-get as the real server
    // answered it (a finished ScriptedOperationMetadata operation), compact as JSON transcoding writes it: 406 bytes.
    private static readonly byte[] Body = "{\"name\":\"projects/bench/locations/us-central1/operations/bench-get\",\"metadata\":{\"@type\":\"type.googleapis.com/longrunning.emulator.v1.ScriptedOperationMetadata\",\"progressPercent\":100,\"createTime\":\"2026-11-21T21:13:57.402473200Z\",\"updateTime\":\"2026-11-21T21:13:57.402546100Z\",\"endTime\":\"2026-11-21T21:13:57.402545300Z\"},\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\",\"value\":{}}}"u8.ToArray();

    public static async Task WriteAsync(HttpContext context)
    {
        await RequestDrain.DrainAsync(context);

        var response = context.Response;
        response.Headers.ContentType = JsonContentType;
        response.ContentLength = Body.Length;
        await response.BodyWriter.WriteAsync(Body, context.RequestAborted);
    }
}
