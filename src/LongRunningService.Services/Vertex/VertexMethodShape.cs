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

    /// <summary>BatchCancel{Jobs}: cancels up to 32 jobs, tracked by one operation.</summary>
    BatchCancel,

    /// <summary>BatchDelete{Jobs}: deletes up to 32 ended jobs, all or none.</summary>
    BatchDelete,

    /// <summary>GetNasTrialDetail: a trial of a NAS job, read from the job's output.</summary>
    GetTrialDetail,

    /// <summary>ListNasTrialDetails: the trials of a NAS job so far.</summary>
    ListTrialDetails,
}
