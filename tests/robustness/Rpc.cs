namespace LongRunningService.Robustness;

/// <summary>
/// One RPC as the protos declare it: its gRPC path, and its REST binding
/// (verb, a concrete path for its template, whether it takes a body), with a
/// sample resource name from the template for field 1 of a first request.
/// </summary>
internal sealed record Rpc(string Service, string Method, string? Verb, string? RestPath, bool HasBody, string SampleName)
{
    public string GrpcPath => $"/{Service}/{Method}";

    public override string ToString() => Service[(Service.LastIndexOf('.') + 1)..] + "." + Method;
}
