using System.Globalization;
using LongRunningService.Operations.Filtering;

namespace LongRunningService.Tests.Filtering;

public sealed class Rfc3339TimestampTests
{
    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-01-01t00:00:00z", "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-01-01T00:00:00.5+02:00", "2024-01-01T00:00:00.5000000+02:00")]
    [InlineData("2024-01-01T00:00:00-05:30", "2024-01-01T00:00:00.0000000-05:30")]
    [InlineData("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-01-01T00:00:00-00:00", "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-02-29T23:59:59.1234567Z", "2024-02-29T23:59:59.1234567+00:00")]
    [InlineData("2024-02-29T23:59:59.123456789Z", "2024-02-29T23:59:59.1234567+00:00")]
    [InlineData("2024-02-29T23:59:59.999999999Z", "2024-02-29T23:59:59.9999999+00:00")]
    [InlineData("2024-06-01T12:00:00.000001+14:00", "2024-06-01T12:00:00.0000010+14:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999+00:00")]
    public void TryParse_ValidTimestamp_ReturnsInstantAndOffset(string text, string expected)
    {
        Assert.True(Rfc3339Timestamp.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString("o", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-01-01")]
    [InlineData("2024-01-01T00:00:00")]
    [InlineData("2024-01-01 00:00:00Z")]
    [InlineData(" 2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00Z ")]
    [InlineData("2024-1-01T00:00:00Z")]
    [InlineData("24-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00Z")]
    [InlineData("2024-01-01T00:00:00.Z")]
    [InlineData("2024-01-01T00:00:00.1234567890Z")]
    [InlineData("2024-01-01T00:00:00+0200")]
    [InlineData("2024-01-01T00:00:00+2:00")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-32T00:00:00Z")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T00:60:00Z")]
    [InlineData("2024-01-01T00:00:60Z")]
    [InlineData("2024-01-01T00:00:00+15:00")]
    [InlineData("2024-01-01T00:00:00+01:60")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("\uff12\uff10\uff12\uff14-01-01T00:00:00Z")]
    public void TryParse_InvalidTimestamp_ReturnsFalse(string text)
    {
        Assert.False(Rfc3339Timestamp.TryParse(text, out _));
    }
}
