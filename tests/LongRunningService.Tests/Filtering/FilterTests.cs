using LongRunningService.Operations.Filtering;

namespace LongRunningService.Tests.Filtering;

/// <summary>Parsing as a whole: the empty filter, AND/OR/NOT, precedence, grouping and limits.</summary>
public sealed class FilterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \t\r\n ")]
    public void Parse_EmptyOrWhitespace_ReturnsMatchAll(string? text)
    {
        var filter = Filter<FilterTestJob>.Parse(text, FilterTestJob.Schema);

        Assert.Same(Filter<FilterTestJob>.MatchAll, filter);
        Assert.True(filter.IsMatchAll);
    }

    [Fact]
    public void MatchAll_AnyItem_Matches()
    {
        var matched = FilterTestJob.All.Where(Filter<FilterTestJob>.MatchAll.Matches).Select(job => job.Name);

        Assert.Equal(["j1", "j2", "j3", "j4", "j5"], matched);
    }

    [Fact]
    public void Parse_NonEmptyFilter_IsNotMatchAll()
    {
        var filter = Filter<FilterTestJob>.Parse("done", FilterTestJob.Schema);

        Assert.False(filter.IsMatchAll);
    }

    [Fact]
    public void Parse_NullSchema_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Filter<FilterTestJob>.Parse("done", null!));
    }

    [Theory]
    [InlineData("done=true")]
    [InlineData("done = true")]
    [InlineData("done\t=\ttrue")]
    [InlineData("  done=  true  ")]
    [InlineData("\ndone\n=\ntrue\n")]
    public void Parse_WhitespaceAroundComparator_IsOptional(string filter)
    {
        Assert.Equal(["j2", "j3", "j5"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    // done: j2 j3 j5; labels.env:* : j1 j2 j5
    [InlineData("done AND labels.env:*")]
    [InlineData("done labels.env:*")]
    [InlineData("done    labels.env:*")]
    [InlineData("done\nlabels.env:*")]
    [InlineData("(done) (labels.env:*)")]
    public void Parse_AndOrAdjacency_MatchesBoth(string filter)
    {
        Assert.Equal(["j2", "j5"], FilterTestJob.NamesMatching(filter));
    }

    [Fact]
    public void Parse_Or_MatchesEither()
    {
        var names = FilterTestJob.NamesMatching("state=PIPELINE_STATE_RUNNING OR state=PIPELINE_STATE_FAILED");

        Assert.Equal(["j1", "j3"], names);
    }

    [Fact]
    public void Parse_ChainedOr_MatchesAny()
    {
        var names = FilterTestJob.NamesMatching("name=j1 OR name=j3 OR name=j5");

        Assert.Equal(["j1", "j3", "j5"], names);
    }

    // In AIP-160 OR binds tighter than AND: "a OR b AND c" is "(a OR b) AND c".
    // a = state FAILED (j3), b = not done (j1 j4), c = display name has "step" (j1 j2).
    // (a OR b) AND c = j1, while a OR (b AND c) would be j1 j3.
    [Theory]
    [InlineData("state=PIPELINE_STATE_FAILED OR done=false AND display_name:step")]
    [InlineData("(state=PIPELINE_STATE_FAILED OR done=false) AND display_name:step")]
    [InlineData("display_name:step AND state=PIPELINE_STATE_FAILED OR done=false")]
    [InlineData("state=PIPELINE_STATE_FAILED OR done=false display_name:step")]
    [InlineData("display_name:step state=PIPELINE_STATE_FAILED OR done=false")]
    public void Parse_OrAndAnd_OrBindsTighter(string filter)
    {
        Assert.Equal(["j1"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("state=PIPELINE_STATE_FAILED OR (done=false AND display_name:step)")]
    [InlineData("state=PIPELINE_STATE_FAILED OR (done=false display_name:step)")]
    public void Parse_ParenthesesAroundAnd_OverridePrecedence(string filter)
    {
        Assert.Equal(["j1", "j3"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("(done)")]
    [InlineData("((done))")]
    [InlineData("( ( done ) )")]
    [InlineData("(((((done)))))")]
    public void Parse_RedundantParentheses_DoNotChangeMeaning(string filter)
    {
        Assert.Equal(["j2", "j3", "j5"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    [InlineData("NOT done")]
    [InlineData("-done")]
    [InlineData("NOT(done)")]
    [InlineData("NOT (done)")]
    [InlineData("-(done)")]
    [InlineData("done != true")]
    [InlineData("done = false")]
    [InlineData("NOT done = true")]
    [InlineData("NOT done != false")]
    public void Parse_Negation_MatchesTheOthers(string filter)
    {
        Assert.Equal(["j1", "j4"], FilterTestJob.NamesMatching(filter));
    }

    [Theory]
    // done OR labels:env covers j1 j2 j3 j5.
    [InlineData("NOT (done OR labels:env)")]
    [InlineData("-(done OR labels:env)")]
    public void Parse_NegatedGroup_NegatesTheWholeGroup(string filter)
    {
        Assert.Equal(["j4"], FilterTestJob.NamesMatching(filter));
    }

    [Fact]
    public void Parse_NotBindsToOneTerm_NotTheRestOfTheFilter()
    {
        // NOT done: j1 j4; labels:env: j1 j2 j5.
        Assert.Equal(["j1"], FilterTestJob.NamesMatching("NOT done labels:env"));
    }

    [Fact]
    public void Parse_MinusBeforeRestriction_NegatesIt()
    {
        Assert.Equal(["j3", "j4", "j5"], FilterTestJob.NamesMatching("-display_name:step"));
    }

    [Fact]
    public void Parse_MixedNegationsAndGroups_MatchesExactly()
    {
        var names = FilterTestJob.NamesMatching(
            "(state=PIPELINE_STATE_SUCCEEDED OR state=PIPELINE_STATE_CANCELLED) -labels.env=dev AND NOT create_time<2024-01-01T00:00:00Z");

        Assert.Equal(["j5"], names);
    }

    [Theory]
    // A word that merely starts with a keyword is a field name, not a keyword.
    [InlineData("NOTdone", "Filter field 'NOTdone' is not supported. Supported fields: create_time, display_name, done, labels, name, state.")]
    [InlineData("done ORdone", "Filter field 'ORdone' is not supported. Supported fields: create_time, display_name, done, labels, name, state.")]
    [InlineData("done ANDROID", "Filter field 'ANDROID' is not supported. Supported fields: create_time, display_name, done, labels, name, state.")]
    public void Parse_KeywordPrefixedWord_IsReadAsAField(string filter, string message)
    {
        Assert.Equal(message, FilterTestJob.ErrorFor(filter));
    }

    [Fact]
    public void Parse_FieldNamedLikeLowercaseKeyword_IsAField()
    {
        var schema = new FilterSchema<FilterTestJob>().AddBool("not", job => job.Done).AddBool("done", job => job.Done);

        var filter = Filter<FilterTestJob>.Parse("not done", schema);

        Assert.Equal(["j2", "j3", "j5"], FilterTestJob.All.Where(filter.Matches).Select(job => job.Name));
    }

    [Fact]
    public void Parse_FiftyNestedParentheses_Parses()
    {
        var filter = new string('(', 50) + "done" + new string(')', 50);

        Assert.Equal(["j2", "j3", "j5"], FilterTestJob.NamesMatching(filter));
    }

    [Fact]
    public void Parse_FiftyOneNestedParentheses_ThrowsNamingTheLimit()
    {
        var filter = new string('(', 51) + "done" + new string(')', 51);

        Assert.Equal(
            "Parentheses nest more than 50 levels deep at position 51 in filter; simplify the filter.",
            FilterTestJob.ErrorFor(filter));
    }

    [Fact]
    public void Parse_ManySiblingGroups_AreNotLimitedByDepth()
    {
        var filter = string.Join(" OR ", Enumerable.Repeat("(name=j2)", 100));

        Assert.Equal(["j2"], FilterTestJob.NamesMatching(filter));
    }

    [Fact]
    public void Parse_DeepNestingAttack_ThrowsInsteadOfOverflowingTheStack()
    {
        var filter = new string('(', 1999) + "d";

        Assert.Equal(
            "Parentheses nest more than 50 levels deep at position 51 in filter; simplify the filter.",
            FilterTestJob.ErrorFor(filter));
    }

    [Fact]
    public void Parse_ExactlyMaxLength_Parses()
    {
        // name="xxx...": 7 characters of syntax, 1993 of value.
        var filter = "name=\"" + new string('x', 1993) + "\"";
        Assert.Equal(2000, filter.Length);

        Assert.Empty(FilterTestJob.NamesMatching(filter));
    }

    [Fact]
    public void Parse_OverMaxLength_ThrowsNamingLengthAndLimit()
    {
        var filter = "name=\"" + new string('x', 1994) + "\"";

        Assert.Equal("Filter is 2001 characters long; the maximum is 2000.", FilterTestJob.ErrorFor(filter));
    }

    [Fact]
    public void Parse_OverMaxLengthOfWhitespace_StillThrows()
    {
        Assert.Equal("Filter is 2001 characters long; the maximum is 2000.", FilterTestJob.ErrorFor(new string(' ', 2001)));
    }

    [Fact]
    public void Parse_ValidFilter_ReadsNoFieldsUntilMatched()
    {
        var reads = 0;
        var schema = new FilterSchema<FilterTestJob>().AddBool("done", job =>
        {
            reads++;
            return job.Done;
        });

        var filter = Filter<FilterTestJob>.Parse("done OR NOT done", schema);
        var readsAfterParse = reads;
        filter.Matches(FilterTestJob.All[0]);

        Assert.Equal(0, readsAfterParse);
        Assert.Equal(2, reads);
    }

    [Fact]
    public void Matches_AndWithFalseFirstOperand_SkipsTheRest()
    {
        var displayNameReads = 0;
        var schema = new FilterSchema<FilterTestJob>()
            .AddBool("done", job => job.Done)
            .AddString("display_name", job =>
            {
                displayNameReads++;
                return job.DisplayName;
            });
        var filter = Filter<FilterTestJob>.Parse("done AND display_name:step", schema);

        var names = FilterTestJob.All.Where(filter.Matches).Select(job => job.Name).ToArray();

        Assert.Equal(["j2"], names);
        Assert.Equal(3, displayNameReads); // only for the done jobs j2, j3, j5
    }

    [Fact]
    public void Matches_SameFilterManyTimes_GivesTheSameAnswer()
    {
        var filter = Filter<FilterTestJob>.Parse("labels.env:prod OR done", FilterTestJob.Schema);

        var first = FilterTestJob.All.Where(filter.Matches).Select(job => job.Name).ToArray();
        var second = FilterTestJob.All.Where(filter.Matches).Select(job => job.Name).ToArray();

        Assert.Equal(["j1", "j2", "j3", "j5"], first);
        Assert.Equal(first, second);
    }
}
