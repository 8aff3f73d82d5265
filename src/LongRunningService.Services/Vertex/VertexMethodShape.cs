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

    /// <summary>GetNasTrialDetail: a trial of a NAS job, read from the job's output.</summary>
    GetTrialDetail,

    /// <summary>ListNasTrialDetails: the trials of a NAS job so far.</summary>
    ListTrialDetails,
}
