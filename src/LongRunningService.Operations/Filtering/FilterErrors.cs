using LongRunningService.Contracts;

namespace LongRunningService.Operations.Filtering;

/// <summary>
/// Every message the filter engine gives, in one place so they read alike. Each one is a full
/// sentence that tells the caller what to change. Positions are 1-based character counts.
/// </summary>
internal static class FilterErrors
{
    public static FilterException TooLong(int length, int maxLength) =>
        new($"Filter is {length} characters long; the maximum is {maxLength}.");

    public static FilterException TooDeep(int maxDepth, int index) =>
        new($"Parentheses nest more than {maxDepth} levels deep at position {index + 1} in filter; simplify the filter.");

    public static FilterException Unexpected(string found, int index) =>
        new($"Unexpected '{ClientText.Prefix(found)}' at position {index + 1} in filter.");

    public static FilterException EndsAfter(string previous) =>
        new($"Filter ends unexpectedly after '{ClientText.Prefix(previous)}'.");

    public static FilterException Unclosed(int openIndex) =>
        new($"Filter ends without a ')' to close the '(' at position {openIndex + 1}.");

    public static FilterException UnterminatedString(int index) =>
        new($"Unterminated string starting at position {index + 1} in filter.");

    public static FilterException UnknownEscape(char escaped, int index) =>
        new($"Unknown escape sequence '\\{escaped}' at position {index + 1} in filter; "
            + "use \\\\, \\\", \\', \\*, \\n, \\r or \\t.");

    public static FilterException ValueWithoutField(string written, int index) =>
        new($"Unexpected value {ClientText.Prefix(written)} at position {index + 1} in filter; "
            + $"start each term with a field name, as in field = {ClientText.Prefix(written)}.");

    public static FilterException FunctionCall(string name, int index) =>
        new($"Function call '{ClientText.Prefix(name)}(...)' at position {index + 1} is not supported in filters; "
            + "use comparisons such as 'field = value'.");

    public static FilterException GroupedValue(int index) =>
        new($"Grouped values at position {index + 1} are not supported in filters; "
            + "write 'field = a OR field = b' instead of 'field = (a OR b)'.");

    public static FilterException DoubleEquals(int index) =>
        new($"Operator '==' at position {index + 1} is not supported in filters; use '='.");

    public static FilterException KeywordCase(string written, int index) =>
        new($"Filter keywords are case-sensitive; write '{ClientText.Prefix(written.ToUpperInvariant())}' instead of '{ClientText.Prefix(written)}' at position {index + 1}.");

    public static FilterException UnknownField(string path, IReadOnlyCollection<string> supportedFields) =>
        supportedFields.Count == 0
            ? new($"Filter field '{ClientText.Prefix(path)}' is not supported. This collection has no filterable fields; leave the filter empty.")
            : new($"Filter field '{ClientText.Prefix(path)}' is not supported. Supported fields: {string.Join(", ", supportedFields)}.");

    public static FilterException KeyTooDeep(string path, string mapField) =>
        new($"Filter field '{ClientText.Prefix(path)}' is not supported; '{mapField}' takes a single key, as in '{mapField}.key'.");

    public static FilterException KeyRequired(string mapField) =>
        new($"Field '{mapField}' needs a key, as in '{mapField}.key = \"value\"' or '{mapField}:key'.");

    public static FilterException OperatorNotSupported(FilterComparator comparator, string path) =>
        new($"Operator '{comparator.ToSymbol()}' is not supported for field '{ClientText.Prefix(path)}'.");

    public static FilterException MissingComparison(string path) =>
        new($"Field '{ClientText.Prefix(path)}' must be compared to a value, as in '{ClientText.Prefix(path)} = value'.");

    public static FilterException InvalidEnumValue(string value, string path, IEnumerable<string> allowedValues) =>
        new($"Value '{ClientText.Prefix(value)}' is not valid for field '{ClientText.Prefix(path)}'. Allowed values: {string.Join(", ", allowedValues)}.");

    public static FilterException InvalidBool(string value, string path) =>
        new($"Value '{ClientText.Prefix(value)}' for field '{ClientText.Prefix(path)}' is not a boolean; use true or false.");

    public static FilterException InvalidTimestamp(string value, string path) =>
        new($"Value '{ClientText.Prefix(value)}' for field '{ClientText.Prefix(path)}' is not an RFC 3339 timestamp such as 2024-01-01T00:00:00Z.");
}
