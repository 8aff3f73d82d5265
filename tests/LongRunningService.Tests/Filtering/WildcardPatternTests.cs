using LongRunningService.Operations.Filtering;

namespace LongRunningService.Tests.Filtering;

public sealed class WildcardPatternTests
{
    private static WildcardPattern Pattern(string text) => WildcardPattern.FromParts(text.Split('*'));

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abc", "ABC", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("**", "x", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("a*", "ba", false)]
    [InlineData("*c", "abc", true)]
    [InlineData("*c", "cb", false)]
    [InlineData("a*c", "ac", true)]
    [InlineData("a*c", "abcabc", true)]
    [InlineData("a*c", "abcab", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("ab*ba", "abba", true)]
    [InlineData("a*a", "a", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("*b*b*", "abab", true)]
    [InlineData("*b*b*", "ab", false)]
    [InlineData("*aa*aa*", "aaa", false)]
    [InlineData("*aa*aa*", "aaaa", true)]
    public void IsMatch_Pattern_MatchesExpected(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, Pattern(pattern).IsMatch(input));
    }

    [Theory]
    [InlineData("step", "train-step-1", true)]
    [InlineData("step", "step", true)]
    [InlineData("step", "ste", false)]
    [InlineData("s*p", "a-s-x-p-b", true)]
    [InlineData("s*p", "p-s", false)]
    [InlineData("", "", true)]
    public void ToContains_Pattern_MatchesAnywhereInside(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, Pattern(pattern).ToContains().IsMatch(input));
    }

    [Fact]
    public void Literal_TextWithStar_MatchesOnlyTheStar()
    {
        var pattern = WildcardPattern.Literal("a*b");

        Assert.True(pattern.IsMatch("a*b"));
        Assert.False(pattern.IsMatch("axb"));
        Assert.Equal("a*b", pattern.LiteralText);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("***", true)]
    [InlineData("", false)]
    [InlineData("a*", false)]
    [InlineData("*a*", false)]
    public void MatchesEverything_Pattern_IsTrueOnlyForBareWildcards(string pattern, bool expected)
    {
        Assert.Equal(expected, Pattern(pattern).MatchesEverything);
    }

    [Fact]
    public void LiteralText_PatternWithWildcard_IsNull()
    {
        Assert.Null(Pattern("a*").LiteralText);
    }

    [Fact]
    public void FromParts_NoParts_Throws()
    {
        Assert.Throws<ArgumentException>(() => WildcardPattern.FromParts([]));
    }
}
