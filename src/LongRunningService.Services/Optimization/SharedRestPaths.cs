namespace LongRunningService.Services.Optimization;

/// <summary>
/// Who answers the REST paths that Cloud Optimization and Route Optimization
/// both bind. Google serves the two APIs on separate hosts; here one port serves
/// both, and nothing in a REST request says which API it means.
/// </summary>
public enum SharedRestPaths
{
    /// <summary>
    /// The <c>projects/*/locations/*</c> forms go to Route Optimization (the API
    /// Google keeps, whose documentation leads with that form), the <c>projects/*</c>
    /// forms to Cloud Optimization.
    /// </summary>
    Split,

    /// <summary>Every shared path goes to Route Optimization.</summary>
    RouteOptimization,

    /// <summary>Every shared path goes to Cloud Optimization.</summary>
    CloudOptimization,
}
