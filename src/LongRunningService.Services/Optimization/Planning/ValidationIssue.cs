namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// One problem found in a routing request: the code and display name of
/// <c>OptimizeToursValidationError</c> (shared by Cloud Optimization and Route
/// Optimization), the field and a sentence that names it.
/// </summary>
internal sealed record ValidationIssue(int Code, string DisplayName, FieldPath Field, string Message);
