namespace LongRunningService.Tests.Filtering;

/// <summary>Bool fields: = and != with true/false, and the bare field meaning "= true".</summary>
public sealed class BoolFilterFieldTests
{
    [Theory]
    [InlineData("done")]
    [InlineData("done=true")]
    [InlineData("done=TRUE")]
    [InlineData("done = True")]
    [InlineData("done=\"true\"")]
    [InlineData("done!=false")]
    [InlineData("NOT done=false")]
    public void Parse_AsksForTrue_MatchesDoneJobs(string filter)
    {
        Assert.Equal(["j2", "j3", "j5"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("NOT done")]
    [InlineData("-done")]
    [InlineData("done=false")]
    [InlineData("done=False")]
    [InlineData("done!=true")]
    [InlineData("done != 'TRUE'")]
    public void Parse_AsksForFalse_MatchesUnfinishedJobs(string filter)
    {
        Assert.Equal(["j1", "j4"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("done=yes", "yes")]
    [InlineData("done=1", "1")]
    [InlineData("done=\"\"", "")]
    [InlineData("done=\" true\"", " true")]
    [InlineData("done=t*", "t*")]
    public void Parse_NonBooleanValue_ThrowsNamingValue(string filter, string value)
    {
        Assert.Equal($"Value '{value}' for field 'done' is not a boolean; use true or false.", FilterTestJob.ErrorFor(filter));
    }

    [Theory]
    [InlineData("done<true", "<")]
    [InlineData("done<=true", "<=")]
    [InlineData("done>false", ">")]
    [InlineData("done>=false", ">=")]
    [InlineData("done:true", ":")]
    [InlineData("done:*", ":")]
    public void Parse_OtherComparator_ThrowsUnsupportedOperator(string filter, string symbol)
    {
        Assert.Equal($"Operator '{symbol}' is not supported for field 'done'.", FilterTestJob.ErrorFor(filter));
    }
}
