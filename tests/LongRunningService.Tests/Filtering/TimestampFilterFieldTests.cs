namespace LongRunningService.Tests.Filtering;

/// <summary>
/// Timestamp fields against the fixture times: j1 2024-01-01T00:00:00Z, j2 2024-03-15T12:30:00.5Z,
/// j3 2023-12-31T23:59:59Z, j4 unset, j5 2024-06-01T00:00:00+02:00 (2024-05-31T22:00:00Z).
/// </summary>
public sealed class TimestampFilterFieldTests
{
    [Theory]
    [InlineData("create_time>\"2024-01-01T00:00:00Z\"", new[] { "j2", "j5" })]
    [InlineData("create_time>=2024-01-01T00:00:00Z", new[] { "j1", "j2", "j5" })]
    [InlineData("create_time<2024-01-01T00:00:00Z", new[] { "j3" })]
    [InlineData("create_time<=2024-01-01T00:00:00Z", new[] { "j1", "j3" })]
    [InlineData("create_time=2024-01-01T00:00:00Z", new[] { "j1" })]
    [InlineData("create_time!=2024-01-01T00:00:00Z", new[] { "j2", "j3", "j4", "j5" })]
    public void Parse_EachComparator_ComparesInstants(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("create_time=2024-01-01T01:00:00+01:00", new[] { "j1" })]
    [InlineData("create_time=2023-12-31T19:00:00-05:00", new[] { "j1" })]
    [InlineData("create_time=2024-05-31T22:00:00Z", new[] { "j5" })]
    [InlineData("create_time >= 2024-06-01T00:00:00.0+02:00", new[] { "j5" })]
    [InlineData("create_time<2024-06-01T00:00:00-05:00", new[] { "j1", "j2", "j3", "j5" })]
    [InlineData("create_time>2024-06-01T00:00:00+02:00", new string[0])]
    [InlineData("create_time=2024-01-01t00:00:00z", new[] { "j1" })]
    public void Parse_Offsets_CompareTheSameInstant(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("create_time=2024-03-15T12:30:00.5Z", new[] { "j2" })]
    [InlineData("create_time=\"2024-03-15T12:30:00.500Z\"", new[] { "j2" })]
    [InlineData("create_time=2024-03-15T12:30:00.500000000Z", new[] { "j2" })]
    [InlineData("create_time=2024-03-15T14:30:00.5+02:00", new[] { "j2" })]
    [InlineData("create_time>2024-03-15T12:30:00.499999999Z", new[] { "j2", "j5" })]
    [InlineData("create_time<2024-03-15T12:30:00.5Z", new[] { "j1", "j3" })]
    [InlineData("create_time>2024-03-15T12:30:00.5000001Z", new[] { "j5" })]
    [InlineData("create_time=2024-03-15T12:30:00Z", new string[0])]
    public void Parse_Fractions_CompareToTheTick(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("create_time<9999-12-31T23:59:59Z", new[] { "j1", "j2", "j3", "j5" })]
    [InlineData("create_time>0001-01-01T00:00:00Z", new[] { "j1", "j2", "j3", "j5" })]
    [InlineData("create_time!=9999-12-31T23:59:59Z", new[] { "j1", "j2", "j3", "j4", "j5" })]
    [InlineData("NOT create_time<2024-01-01T00:00:00Z", new[] { "j1", "j2", "j4", "j5" })]
    public void Parse_UnsetTimestamp_MatchesOnlyNotEqual(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("create_time>yesterday", "yesterday")]
    [InlineData("create_time>\"2024-01-01\"", "2024-01-01")]
    [InlineData("create_time>2024-01-01T00:00:00", "2024-01-01T00:00:00")]
    [InlineData("create_time>\"2024-01-01 00:00:00Z\"", "2024-01-01 00:00:00Z")]
    [InlineData("create_time>2024-13-01T00:00:00Z", "2024-13-01T00:00:00Z")]
    [InlineData("create_time=1704067200", "1704067200")]
    [InlineData("create_time=\"*\"", "*")]
    public void Parse_InvalidTimestamp_ThrowsNamingFieldAndValue(string filter, string value)
    {
        Assert.Equal(
            $"Value '{value}' for field 'create_time' is not an RFC 3339 timestamp such as 2024-01-01T00:00:00Z.",
            FilterTestJob.ErrorFor(filter));
    }

    [Theory]
    [InlineData("create_time:*")]
    [InlineData("create_time:2024-01-01T00:00:00Z")]
    public void Parse_Has_ThrowsUnsupportedOperator(string filter)
    {
        Assert.Equal("Operator ':' is not supported for field 'create_time'.", FilterTestJob.ErrorFor(filter));
    }
}
