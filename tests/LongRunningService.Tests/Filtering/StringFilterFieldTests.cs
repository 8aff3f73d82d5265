using LongRunningService.Operations.Filtering;

namespace LongRunningService.Tests.Filtering;

/// <summary>String fields: =, != and : (has), wildcards, quoting and escapes.</summary>
public sealed class StringFilterFieldTests
{
    [Theory]
    [InlineData("display_name=\"train-step-1\"", new[] { "j1" })]
    [InlineData("display_name='train-step-1'", new[] { "j1" })]
    [InlineData("display_name=train-step-1", new[] { "j1" })]
    [InlineData("name=j3", new[] { "j3" })]
    [InlineData("display_name=\"train\"", new string[0])]
    [InlineData("display_name=\"TRAIN-STEP-1\"", new string[0])]
    [InlineData("display_name=\"train-step-1 \"", new string[0])]
    public void Parse_Equal_MatchesWholeValueExactly(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("display_name!=\"train-step-1\"", new[] { "j2", "j3", "j4", "j5" })]
    [InlineData("display_name != train-step-1", new[] { "j2", "j3", "j4", "j5" })]
    [InlineData("display_name!=\"*step*\"", new[] { "j3", "j4", "j5" })]
    [InlineData("display_name!=\"\"", new[] { "j1", "j2", "j3", "j5" })]
    public void Parse_NotEqual_MatchesEverythingElse(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("display_name=\"*step*\"", new[] { "j1", "j2" })]
    [InlineData("display_name=\"train-*\"", new[] { "j1", "j3" })]
    [InlineData("display_name=train-*", new[] { "j1", "j3" })]
    [InlineData("display_name=\"*-1\"", new[] { "j1" })]
    [InlineData("display_name=\"t*n*l\"", new[] { "j3" })]
    [InlineData("display_name=\"*\"", new[] { "j1", "j2", "j3", "j4", "j5" })]
    [InlineData("display_name=\"train-step-1*\"", new[] { "j1" })]
    [InlineData("display_name=\"*train-step-1\"", new[] { "j1" })]
    [InlineData("display_name=\"*val*step*\"", new[] { "j2" })]
    [InlineData("display_name=\"step*\"", new string[0])]
    public void Parse_EqualWithWildcard_MatchesAnyRun(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("display_name:step", new[] { "j1", "j2" })]
    [InlineData("display_name:\"final\"", new[] { "j3", "j5" })]
    [InlineData("display_name:'train'", new[] { "j1", "j3" })]
    [InlineData("display_name:\"tr*-f\"", new[] { "j3" })]
    [InlineData("display_name:\"Train\"", new string[0])]
    [InlineData("display_name:train-step-1", new[] { "j1" })]
    [InlineData("display_name:\"\"", new[] { "j1", "j2", "j3", "j4", "j5" })]
    public void Parse_Has_MatchesContainedValue(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("display_name:*")]
    [InlineData("display_name:\"*\"")]
    [InlineData("display_name:**")]
    public void Parse_HasWildcard_MatchesSetValuesOnly(string filter)
    {
        Assert.Equal(["j1", "j2", "j3", "j5"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("NOT display_name:*")]
    [InlineData("display_name=\"\"")]
    [InlineData("display_name=''")]
    public void Parse_UnsetString_ReadsAsEmpty(string filter)
    {
        Assert.Equal(["j4"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    // j5's display name is: Eval "final" *
    [InlineData("display_name=\"Eval \\\"final\\\" \\*\"")]
    [InlineData("display_name='Eval \"final\" \\*'")]
    [InlineData("display_name=\"Eval \\\"final\\\" *\"")]
    [InlineData("display_name:\"\\*\"")]
    [InlineData("display_name:\"\\\"final\\\"\"")]
    [InlineData("display_name:'\"'")]
    public void Parse_EscapedQuotesAndStars_MatchLiterally(string filter)
    {
        Assert.Equal(["j5"], FilterTestJob.NamesMatching(filter));
    }

    [Fact]
    public void Parse_EscapedStar_IsNotAWildcard()
    {
        // "\*step\*" is the literal text "*step*", which no display name is.
        Assert.Empty(FilterTestJob.NamesMatching("display_name=\"\\*step\\*\""));
    }

    [Theory]
    [InlineData("display_name=\"a\\\\b\"", "a\\b")]
    [InlineData("display_name=\"a\\nb\"", "a\nb")]
    [InlineData("display_name=\"a\\rb\"", "a\rb")]
    [InlineData("display_name=\"a\\tb\"", "a\tb")]
    [InlineData("display_name=\"it\\'s\"", "it's")]
    [InlineData("display_name='it\\'s'", "it's")]
    [InlineData("display_name=\"caf\u00e9 \u65e5\u672c\"", "caf\u00e9 \u65e5\u672c")]
    [InlineData("display_name=\"a b\"", "a b")]
    [InlineData("display_name=\"(x) AND y\"", "(x) AND y")]
    public void Parse_QuotedValue_ResolvesEscapes(string filter, string displayName)
    {
        var job = FilterTestJob.All[0] with { DisplayName = displayName };
        var other = FilterTestJob.All[0] with { DisplayName = displayName + "x" };

        var parsed = Filter<FilterTestJob>.Parse(filter, FilterTestJob.Schema);

        Assert.True(parsed.Matches(job));
        Assert.False(parsed.Matches(other));
    }

    [Theory]
    [InlineData("display_name<\"a\"", "<")]
    [InlineData("display_name<=\"a\"", "<=")]
    [InlineData("display_name>\"a\"", ">")]
    [InlineData("display_name>=\"a\"", ">=")]
    public void Parse_OrderingComparator_ThrowsUnsupportedOperator(string filter, string symbol)
    {
        Assert.Equal($"Operator '{symbol}' is not supported for field 'display_name'.", FilterTestJob.ErrorFor(filter));
    }
}
