using Google.Rpc;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Optimization.Planning;

/// <summary>
/// The problems found in one request, in the order found, up to a cap (the
/// request's <c>max_validation_errors</c>: 100 by default, at most 10,000).
/// </summary>
internal sealed class ValidationReport(int maxIssues)
{
    public const int DefaultMaxIssues = 100;

    public const int MaxIssuesCap = 10_000;

    private readonly List<ValidationIssue> _issues = [];

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    public bool IsValid => _issues.Count == 0;

    /// <summary>Whether the cap is reached; validation may stop then.</summary>
    public bool IsFull => _issues.Count >= maxIssues;

    public void Add(int code, string displayName, FieldPath field, string problem)
    {
        if (!IsFull)
        {
            _issues.Add(new ValidationIssue(code, displayName, field, $"The field `{field}` {problem}"));
        }
    }

    /// <summary>
    /// INVALID_ARGUMENT for a request that cannot be solved: the first problem as the message (with a count of
    /// the others), and every problem as a <c>BadRequest</c> field violation.
    /// </summary>
    public RpcException ToInvalidArgument()
    {
        var first = _issues[0].Message;
        var message = _issues.Count == 1 ? first : $"{first} ({_issues.Count - 1} more problems are listed in the error details.)";
        return RpcErrors.InvalidFields(message, _issues.Select(i => new BadRequest.Types.FieldViolation { Field = i.Field.ToString(), Description = i.Message }));
    }
}
