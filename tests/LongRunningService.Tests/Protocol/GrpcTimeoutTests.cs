using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    public static TheoryData<string, TimeSpan> ValidValues => new()
    {
        { "1H", TimeSpan.FromHours(1) },
        { "2M", TimeSpan.FromMinutes(2) },
        { "30S", TimeSpan.FromSeconds(30) },
        { "250m", TimeSpan.FromMilliseconds(250) },
        { "1500u", TimeSpan.FromTicks(15_000) },
        { "100n", TimeSpan.FromTicks(1) },
        { "1n", TimeSpan.FromTicks(1) },
        { "0S", TimeSpan.Zero },
        { "99999999H", TimeSpan.FromHours(99_999_999) },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void TryParse_EveryUnit_ReturnsTimeout(string value, TimeSpan expected)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(expected, timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10h")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("123456789S")]
    [InlineData(" 1S")]
    [InlineData("1 S")]
    public void TryParse_MalformedValue_ReturnsFalse(string value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }
}
