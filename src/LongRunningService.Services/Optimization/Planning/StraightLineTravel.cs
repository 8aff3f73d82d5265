namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// How long travel takes here: the straight-line (haversine) distance at a
/// fixed speed, times the vehicle's travel duration multiple, rounded to the
/// nearest second (Google rounds after applying the multiple too). There is no
/// road network and no traffic.
/// </summary>
internal static class StraightLineTravel
{
    /// <summary>
    /// The speed used unless the request sets <c>use_geodesic_distances</c> with
    /// its own <c>geodesic_meters_per_second</c>: 10 m/s, 36 km/h, an urban
    /// delivery pace.
    /// </summary>
    public const double DefaultMetersPerSecond = 10.0;

    public static long Seconds(double meters, double metersPerSecond, double multiple) =>
        (long)Math.Round(meters / metersPerSecond * multiple, MidpointRounding.AwayFromZero);
}
