namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// A vehicle: where it starts and ends (none: at its first and last visit),
/// when it may leave and arrive (no windows: any time in the model's span),
/// its load limits (aligned with <see cref="PlanningProblem.LoadTypes"/>, null
/// where unlimited), its travel-time factor and its hard route limits.
/// </summary>
internal sealed record PlanVehicle(
    GeoPoint? Start,
    GeoPoint? End,
    IReadOnlyList<PlanTimeWindow> StartWindows,
    IReadOnlyList<PlanTimeWindow> EndWindows,
    IReadOnlyList<PlanLoadLimit?> LoadLimits,
    double TravelDurationMultiple,
    IReadOnlyDictionary<string, long> ExtraVisitSeconds,
    UnloadingOrder Unloading,
    long? MaxRouteSeconds,
    long? MaxTravelSeconds,
    long? MaxDistanceMeters,
    bool UsedIfRouteIsEmpty,
    bool Ignore)
{
    /// <summary>How long a visit takes on this vehicle: its own duration plus the extra time for each of its visit types.</summary>
    public long VisitSeconds(PlanVisitRequest request)
    {
        var seconds = request.DurationSeconds;
        if (ExtraVisitSeconds.Count == 0)
        {
            return seconds;
        }

        for (var i = 0; i < request.VisitTypes.Count; i++)
        {
            if (ExtraVisitSeconds.TryGetValue(request.VisitTypes[i], out var extra))
            {
                seconds += extra;
            }
        }

        return seconds;
    }
}
