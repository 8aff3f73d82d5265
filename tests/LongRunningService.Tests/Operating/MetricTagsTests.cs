using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Tests.Operating;

/// <summary>The key a measurement's series is found by: equal tags share a series, any difference does not.</summary>
public sealed class MetricTagsTests
{
    private static MetricTags Key(params (string Key, object? Value)[] tags)
    {
        var pairs = tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)).ToArray();
        Assert.True(MetricTags.TryCreate(pairs, out var key));
        return key;
    }

    [Fact]
    public void EqualTags_AreOneKey_EvenFromOtherStringInstances()
    {
        var method = new string("/google.longrunning.Operations/GetOperation".AsSpan());
        Assert.Equal(
            Key(("protocol", "grpc"), ("method", "/google.longrunning.Operations/GetOperation"), ("status", "OK")),
            Key(("protocol", "grpc"), ("method", method), ("status", "OK")));
    }

    [Theory]
    [InlineData("rest", "OK", "status")]
    [InlineData("grpc", "NOT_FOUND", "status")]
    [InlineData("grpc", "OK", "code")]
    public void AnyDifferentTagKeyOrValue_IsAnotherKey(string protocol, string status, string statusKey)
    {
        Assert.NotEqual(
            Key(("protocol", "grpc"), ("status", "OK")),
            Key(("protocol", protocol), (statusKey, status)));
    }

    [Fact]
    public void MoreTagsThanItHolds_AreRefused_SoTheLabelTextIsUsed()
    {
        var tags = Enumerable.Range(0, MetricTags.MaxTags + 1).Select(i => new KeyValuePair<string, object?>($"k{i}", "v")).ToArray();

        Assert.False(MetricTags.TryCreate(tags, out _));
    }
}
