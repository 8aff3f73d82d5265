using LongRunningService.Operations.Filtering;

namespace LongRunningService.Tests.Filtering;

/// <summary>
/// Map fields against the fixture labels: j1 {env=prod, team=ml}, j2 {env=dev},
/// j3 {team=data, tier=""}, j4 {}, j5 {env=prod-eu, cost-center=r&amp;d}.
/// </summary>
public sealed class MapFilterFieldTests
{
    [Theory]
    [InlineData("labels.env=\"prod\"", new[] { "j1" })]
    [InlineData("labels.env = prod", new[] { "j1" })]
    [InlineData("labels.env='dev'", new[] { "j2" })]
    [InlineData("labels.tier=\"\"", new[] { "j3" })]
    [InlineData("labels.missing=\"\"", new string[0])]
    [InlineData("labels.ENV=prod", new string[0])]
    [InlineData("labels.env=prod AND labels.team=ml", new[] { "j1" })]
    public void Parse_KeyEqual_MatchesPresentKeyWithThatValue(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("labels.env!=\"prod\"", new[] { "j2", "j3", "j4", "j5" })]
    [InlineData("labels.env != prod*", new[] { "j2", "j3", "j4" })]
    [InlineData("labels.tier!=\"\"", new[] { "j1", "j2", "j4", "j5" })]
    public void Parse_KeyNotEqual_AlsoMatchesMissingKey(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("labels.env=\"*\"", new[] { "j1", "j2", "j5" })]
    [InlineData("labels.env=\"prod*\"", new[] { "j1", "j5" })]
    [InlineData("labels.env=*-eu", new[] { "j5" })]
    [InlineData("labels.tier=\"*\"", new[] { "j3" })]
    public void Parse_KeyEqualWildcard_MatchesPresentKeys(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("labels.env:*", new[] { "j1", "j2", "j5" })]
    [InlineData("labels:env", new[] { "j1", "j2", "j5" })]
    [InlineData("labels:\"env\"", new[] { "j1", "j2", "j5" })]
    [InlineData("labels.tier:*", new[] { "j3" })]
    [InlineData("labels:tier", new[] { "j3" })]
    [InlineData("labels:nothing", new string[0])]
    [InlineData("NOT labels:env", new[] { "j3", "j4" })]
    [InlineData("-labels.env:*", new[] { "j3", "j4" })]
    public void Parse_KeyPresence_MatchesJobsWithThatKey(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("labels:*", new[] { "j1", "j2", "j3", "j5" })]
    [InlineData("labels:te*", new[] { "j1", "j3" })]
    [InlineData("labels:\"*-center\"", new[] { "j5" })]
    [InlineData("NOT labels:*", new[] { "j4" })]
    public void Parse_KeyPattern_MatchesAnyKeyLikeIt(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("labels.env:prod", new[] { "j1", "j5" })]
    [InlineData("labels.env:\"-eu\"", new[] { "j5" })]
    [InlineData("labels.env:\"p*u\"", new[] { "j5" })]
    public void Parse_KeyHasValue_MatchesContainedValue(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("labels.cost-center=\"r&d\"")]
    [InlineData("labels.\"cost-center\"=\"r&d\"")]
    [InlineData("labels.'cost-center':*")]
    public void Parse_KeyWithDash_BareOrQuoted_Matches(string filter)
    {
        Assert.Equal(["j5"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("labels=\"x\"")]
    [InlineData("labels!=x")]
    [InlineData("labels")]
    [InlineData("labels<x")]
    public void Parse_MapWithoutKey_ThrowsShowingTheForms(string filter)
    {
        Assert.Equal(
            "Field 'labels' needs a key, as in 'labels.key = \"value\"' or 'labels:key'.",
            FilterTestJob.ErrorFor(filter));
    }

    [Theory]
    [InlineData("labels.env<x", "<")]
    [InlineData("labels.env<=x", "<=")]
    [InlineData("labels.env>x", ">")]
    [InlineData("labels.env>=x", ">=")]
    public void Parse_KeyWithOrderingComparator_ThrowsUnsupportedOperator(string filter, string symbol)
    {
        Assert.Equal($"Operator '{symbol}' is not supported for field 'labels.env'.", FilterTestJob.ErrorFor(filter));
    }

    [Fact]
    public void Parse_KeyWithoutComparator_ThrowsAskingForAValue()
    {
        Assert.Equal(
            "Field 'labels.env' must be compared to a value, as in 'labels.env = value'.",
            FilterTestJob.ErrorFor("labels.env"));
    }

    [Theory]
    [InlineData("labels:ENV")]
    [InlineData("labels.ENV=prod")]
    public void Parse_PlainKey_UsesTheDictionarysOwnComparer(string filter)
    {
        // Lookups go through the dictionary, so a resource that keeps case-insensitive keys is honoured.
        var labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["env"] = "prod" };
        var job = FilterTestJob.All[3] with { Labels = labels };

        var parsed = Filter<FilterTestJob>.Parse(filter, FilterTestJob.Schema);

        Assert.True(parsed.Matches(job));
        Assert.False(parsed.Matches(FilterTestJob.All[3]));
    }

    [Fact]
    public void Parse_NestedKey_ThrowsSayingOneKeyOnly()
    {
        Assert.Equal(
            "Filter field 'labels.a.b' is not supported; 'labels' takes a single key, as in 'labels.key'.",
            FilterTestJob.ErrorFor("labels.a.b=x"));
    }
}
