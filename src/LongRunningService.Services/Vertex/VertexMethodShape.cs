namespace LongRunningService.Services.Vertex;

/// <summary>The AIP standard methods the job service emulates.</summary>
internal enum VertexMethodShape
{
    None,
    Create,
    Get,
    List,
    Cancel,
    Delete,
}
