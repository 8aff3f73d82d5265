namespace LongRunningService.Services.Optimization.Planning;

/// <summary>A point on the Earth in degrees, as <c>google.type.LatLng</c> gives it.</summary>
internal readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>The mean Earth radius (IUGG), the sphere the straight-line distances are measured on.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>The great-circle (haversine) distance to <paramref name="other"/>, in meters.</summary>
    public double DistanceMetersTo(GeoPoint other)
    {
        var lat1 = double.DegreesToRadians(Latitude);
        var lat2 = double.DegreesToRadians(other.Latitude);
        var dLat = lat2 - lat1;
        var dLng = double.DegreesToRadians(other.Longitude - Longitude);
        var sinLat = Math.Sin(dLat / 2);
        var sinLng = Math.Sin(dLng / 2);
        var h = (sinLat * sinLat) + (Math.Cos(lat1) * Math.Cos(lat2) * sinLng * sinLng);

        // Rounding can push h a hair past 1 for antipodal points; asin is undefined there.
        return 2 * EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }
}
