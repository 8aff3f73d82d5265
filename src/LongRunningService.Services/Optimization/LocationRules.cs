using Google.Cloud.Optimization.V1;
using Google.Type;
using LongRunningService.Services.Optimization.Planning;

namespace LongRunningService.Services.Optimization;

/// <summary>
/// Where a visit or vehicle is: a <c>LatLng</c> or a waypoint's location, never
/// both. A <c>LatLng</c> must have latitude in [-90, 90], longitude in
/// [-180, 180] and not both zero (the service comment of fleet_routing.proto).
/// </summary>
internal static class LocationRules
{
    /// <summary>The point given by the location or the waypoint, or null when neither gives one.</summary>
    public static GeoPoint? Resolve(LatLng? location, Waypoint? waypoint)
    {
        var latLng = location ?? waypoint?.Location?.LatLng;
        return latLng is null ? null : new GeoPoint(latLng.Latitude, latLng.Longitude);
    }

    /// <summary>Checks one location pair (e.g. <c>arrival_location</c> and <c>arrival_waypoint</c>); true when it gives a valid point.</summary>
    public static bool Check(
        ValidationReport report,
        FieldPath owner,
        LatLng? location,
        Waypoint? waypoint,
        (string Location, string Waypoint) fields,
        (int Code, string Name) error)
    {
        if (location is not null && waypoint is not null)
        {
            report.Add(error.Code, error.Name, owner, $"sets both {fields.Location} and {fields.Waypoint}; set one.");
            return false;
        }

        if (waypoint is not null && waypoint.Location?.LatLng is null)
        {
            report.Add(error.Code, error.Name, owner.Field(fields.Waypoint), "has no location.lat_lng.");
            return false;
        }

        var latLng = location ?? waypoint?.Location?.LatLng;
        if (latLng is null)
        {
            return false;
        }

        var path = location is not null ? owner.Field(fields.Location) : owner.Field(fields.Waypoint).Field("location").Field("lat_lng");
        if (!(latLng.Latitude is >= -90 and <= 90) || !(latLng.Longitude is >= -180 and <= 180))
        {
            report.Add(error.Code, error.Name, path, "is out of range: latitude must be in [-90, 90] and longitude in [-180, 180].");
            return false;
        }

        if (latLng.Latitude == 0 && latLng.Longitude == 0)
        {
            report.Add(error.Code, error.Name, path, "is (0, 0): at least one of latitude and longitude must be non-zero.");
            return false;
        }

        return true;
    }
}
