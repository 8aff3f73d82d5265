namespace LongRunningService.Tests.Filtering;

/// <summary>
/// Malformed and unsupported filters with the exact message each one gives. The messages reach
/// users as INVALID_ARGUMENT details, so a change to any of them should be deliberate.
/// Positions are 1-based.
/// </summary>
public sealed class FilterErrorMessageTests
{
    private const string SupportedFields = "Supported fields: create_time, display_name, done, labels, name, state.";

    public static TheoryData<string, string> MalformedFilters => new()
    {
        // Fields the schema does not have.
        { "foo=1", $"Filter field 'foo' is not supported. {SupportedFields}" },
        { "123=4", $"Filter field '123' is not supported. {SupportedFields}" },
        { "display_name.first=\"x\"", $"Filter field 'display_name.first' is not supported. {SupportedFields}" },
        { "done Done", $"Filter field 'Done' is not supported. {SupportedFields}" },

        // Comparators and values the field kind does not support.
        { "state<PIPELINE_STATE_RUNNING", "Operator '<' is not supported for field 'state'." },
        { "display_name>=\"a\"", "Operator '>=' is not supported for field 'display_name'." },
        { "done:true", "Operator ':' is not supported for field 'done'." },
        { "create_time:*", "Operator ':' is not supported for field 'create_time'." },
        { "labels.env<x", "Operator '<' is not supported for field 'labels.env'." },
        {
            "state=RUNNING",
            "Value 'RUNNING' is not valid for field 'state'. Allowed values: PIPELINE_STATE_PENDING, PIPELINE_STATE_RUNNING, "
            + "PIPELINE_STATE_SUCCEEDED, PIPELINE_STATE_FAILED, PIPELINE_STATE_CANCELLED."
        },
        { "done=yes", "Value 'yes' for field 'done' is not a boolean; use true or false." },
        {
            "create_time>yesterday",
            "Value 'yesterday' for field 'create_time' is not an RFC 3339 timestamp such as 2024-01-01T00:00:00Z."
        },
        { "labels=\"x\"", "Field 'labels' needs a key, as in 'labels.key = \"value\"' or 'labels:key'." },
        { "labels.a.b=x", "Filter field 'labels.a.b' is not supported; 'labels' takes a single key, as in 'labels.key'." },
        { "display_name", "Field 'display_name' must be compared to a value, as in 'display_name = value'." },
        { "state", "Field 'state' must be compared to a value, as in 'state = value'." },
        { "create_time", "Field 'create_time' must be compared to a value, as in 'create_time = value'." },

        // Stray, misplaced or missing punctuation.
        { "(done=true))", "Unexpected ')' at position 12 in filter." },
        { "name=j1)", "Unexpected ')' at position 8 in filter." },
        { "()", "Unexpected ')' at position 2 in filter." },
        { "--done", "Unexpected '-' at position 2 in filter." },
        { "!done", "Unexpected '!' at position 1 in filter." },
        { "done=true && done=false", "Unexpected '&' at position 11 in filter." },
        { "done=true || done=false", "Unexpected '|' at position 11 in filter." },
        { "name=j1,j2", "Unexpected ',' at position 8 in filter." },
        { "name=a=b", "Unexpected '=' at position 7 in filter." },
        { "name = @x", "Unexpected '@' at position 8 in filter." },
        { "labels.=x", "Unexpected '=' at position 8 in filter." },
        { "done \U0001F600", "Unexpected '\U0001F600' at position 6 in filter." },
        { "(done", "Filter ends without a ')' to close the '(' at position 1." },
        { "done AND (name=j1 OR (done)", "Filter ends without a ')' to close the '(' at position 10." },

        // Keywords out of place or in the wrong case.
        { "OR done", "Unexpected 'OR' at position 1 in filter." },
        { "done AND AND done", "Unexpected 'AND' at position 10 in filter." },
        { "NOT NOT done", "Unexpected 'NOT' at position 5 in filter." },
        { "done=true and done=false", "Filter keywords are case-sensitive; write 'AND' instead of 'and' at position 11." },
        { "done Or done", "Filter keywords are case-sensitive; write 'OR' instead of 'Or' at position 6." },
        { "not done", "Filter keywords are case-sensitive; write 'NOT' instead of 'not' at position 1." },

        // The filter stops where more is needed.
        { "done=true AND", "Filter ends unexpectedly after 'AND'." },
        { "done OR ", "Filter ends unexpectedly after 'OR'." },
        { "NOT", "Filter ends unexpectedly after 'NOT'." },
        { "-", "Filter ends unexpectedly after '-'." },
        { "done (", "Filter ends unexpectedly after '('." },
        { "name=", "Filter ends unexpectedly after '='." },
        { "create_time >=  ", "Filter ends unexpectedly after '>='." },
        { "labels.", "Filter ends unexpectedly after '.'." },

        // Strings.
        { "name=\"abc", "Unterminated string starting at position 6 in filter." },
        { "name='abc\"", "Unterminated string starting at position 6 in filter." },
        { "name=\"abc\\", "Unterminated string starting at position 6 in filter." },
        {
            "name=\"a\\qb\"",
            "Unknown escape sequence '\\q' at position 8 in filter; use \\\\, \\\", \\', \\*, \\n, \\r or \\t."
        },
        {
            "\"j1\"",
            "Unexpected value \"j1\" at position 1 in filter; start each term with a field name, as in field = \"j1\"."
        },
        {
            "name=j1 'j2'",
            "Unexpected value 'j2' at position 9 in filter; start each term with a field name, as in field = 'j2'."
        },

        // AIP-160 features this engine does not support.
        { "f(x)", "Function call 'f(...)' at position 1 is not supported in filters; use comparisons such as 'field = value'." },
        {
            "labels.has(env)",
            "Function call 'labels.has(...)' at position 1 is not supported in filters; use comparisons such as 'field = value'."
        },
        {
            "create_time>timestamp(\"2024-01-01T00:00:00Z\")",
            "Function call 'timestamp(...)' at position 13 is not supported in filters; use comparisons such as 'field = value'."
        },
        {
            "name=(j1 OR j2)",
            "Grouped values at position 6 are not supported in filters; write 'field = a OR field = b' instead of 'field = (a OR b)'."
        },
        { "name==\"j1\"", "Operator '==' at position 5 is not supported in filters; use '='." },
    };

    [Theory]
    [MemberData(nameof(MalformedFilters))]
    public void Parse_MalformedOrUnsupported_ThrowsExactMessage(string filter, string message)
    {
        Assert.Equal(message, FilterTestJob.ErrorFor(filter));
    }
}
