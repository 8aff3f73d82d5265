namespace LongRunningService.Tests.Filtering;

/// <summary>Enum fields: = and != against the allowed value names, quoted or bare.</summary>
public sealed class EnumFilterFieldTests
{
    [Theory]
    [InlineData("state=PIPELINE_STATE_RUNNING", new[] { "j1" })]
    [InlineData("state = \"PIPELINE_STATE_RUNNING\"", new[] { "j1" })]
    [InlineData("state='PIPELINE_STATE_FAILED'", new[] { "j3" })]
    [InlineData("state=PIPELINE_STATE_PENDING", new[] { "j4" })]
    [InlineData("state=PIPELINE_STATE_RUNNING OR state=PIPELINE_STATE_PENDING", new[] { "j1", "j4" })]
    [InlineData("state=PIPELINE_STATE_RUNNING state=PIPELINE_STATE_PENDING", new string[0])]
    public void Parse_Equal_MatchesThatState(string filter, string[] expected)
    {
        Assert.Equal(expected, FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("state!=PIPELINE_STATE_RUNNING")]
    [InlineData("state != \"PIPELINE_STATE_RUNNING\"")]
    [InlineData("NOT state=PIPELINE_STATE_RUNNING")]
    [InlineData("-state=PIPELINE_STATE_RUNNING")]
    public void Parse_NotEqual_MatchesOtherStates(string filter)
    {
        Assert.Equal(["j2", "j3", "j4", "j5"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("state=RUNNING", "RUNNING")]
    [InlineData("state=pipeline_state_running", "pipeline_state_running")]
    [InlineData("state=\"PIPELINE_STATE_*\"", "PIPELINE_STATE_*")]
    [InlineData("state!=\"\"", "")]
    public void Parse_UnknownValue_ThrowsListingAllowedValues(string filter, string value)
    {
        Assert.Equal(
            $"Value '{value}' is not valid for field 'state'. Allowed values: PIPELINE_STATE_PENDING, "
            + "PIPELINE_STATE_RUNNING, PIPELINE_STATE_SUCCEEDED, PIPELINE_STATE_FAILED, PIPELINE_STATE_CANCELLED.",
            FilterTestJob.ErrorFor(filter));
    }

    [Theory]
    [InlineData("state<PIPELINE_STATE_RUNNING", "<")]
    [InlineData("state<=PIPELINE_STATE_RUNNING", "<=")]
    [InlineData("state>PIPELINE_STATE_RUNNING", ">")]
    [InlineData("state>=PIPELINE_STATE_RUNNING", ">=")]
    [InlineData("state:PIPELINE_STATE_RUNNING", ":")]
    public void Parse_OtherComparator_ThrowsUnsupportedOperator(string filter, string symbol)
    {
        Assert.Equal($"Operator '{symbol}' is not supported for field 'state'.", FilterTestJob.ErrorFor(filter));
    }
}
