/// <summary>Reads a request body to its end and drops it, as the least any server must do.</summary>
internal static class RequestDrain
{
    public static async Task DrainAsync(HttpContext context)
    {
        var body = context.Request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(context.RequestAborted);
            body.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                return;
            }
        }
    }
}
