using LongRunningService.Operations.Registry;

namespace LongRunningService.Tests.Registry;

public sealed class OperationNamesTests
{
    [Theory]
    [InlineData("operations/1", "", "1")]
    [InlineData("projects/p/operations/abc", "projects/p", "abc")]
    [InlineData("projects/p/locations/l/pipelineJobs/j/operations/7", "projects/p/locations/l/pipelineJobs/j", "7")]
    public void TryParse_WellFormedName_SplitsParentAndId(string name, string parent, string id)
    {
        Assert.True(OperationNames.TryParse(name, out var actualParent, out var actualId));
        Assert.Equal(parent, actualParent);
        Assert.Equal(id, actualId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("operations")]
    [InlineData("operations/")]
    [InlineData("/operations/1")]
    [InlineData("projects/p/jobs/1")]
    [InlineData("projects//operations/1")]
    [InlineData("projects/p/operations/1/x")]
    [InlineData("operations/é")]
    [InlineData("operations/a\tb")]
    public void TryParse_MalformedName_ReturnsFalse(string name)
    {
        Assert.False(OperationNames.TryParse(name, out _, out _));
    }

    [Theory]
    [InlineData("operations", "")]
    [InlineData("projects/p/operations", "projects/p")]
    [InlineData("projects/p/locations/l", "projects/p/locations/l")]
    public void TryParseCollection_ParentOrCollection_ReturnsParent(string name, string parent)
    {
        Assert.True(OperationNames.TryParseCollection(name, out var actual));
        Assert.Equal(parent, actual);
    }
}
