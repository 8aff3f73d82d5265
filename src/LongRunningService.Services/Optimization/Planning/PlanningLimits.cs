namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// The largest problem the planner takes, so one request cannot hold a core
/// for long. Larger requests are refused before planning, naming the field.
/// </summary>
internal static class PlanningLimits
{
    public const int MaxShipments = 1000;

    public const int MaxVehicles = 100;

    /// <summary>Pickup alternatives of one shipment; the same for delivery alternatives.</summary>
    public const int MaxVisitAlternatives = 10;

    /// <summary>Time windows in one list (a visit's, or a vehicle's start or end windows).</summary>
    public const int MaxTimeWindows = 20;

    /// <summary>Distinct load types over the whole model.</summary>
    public const int MaxLoadTypes = 20;

    /// <summary>
    /// Work (visits driven, plus a little per candidate route) the planner may
    /// spend trying insertions. Past it, remaining
    /// shipments are only tried with their first pickup and delivery alternatives
    /// at the end of each route, so the answer stays deterministic and the time
    /// bounded: a request at the size limits takes a few seconds at most on the
    /// reference machine.
    /// </summary>
    public const long InsertionStepBudget = 2_000_000;

    /// <summary>How many positions after its pickup a delivery is tried at.</summary>
    public const int DeliverySpread = 3;
}
