using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Tests.Protocol;

public sealed class GrpcStatusMessageTests
{
    [Theory]
    [InlineData("plain ascii stays", "plain ascii stays")]
    [InlineData("100% sure", "100%25 sure")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("emoji 😀", "emoji %F0%9F%98%80")]
    public void Encode_PercentEncodesBytesOutsidePrintableAscii(string message, string expected)
    {
        Assert.Equal(expected, GrpcStatusMessage.Encode(message));
        Assert.Equal(message, GrpcStatusMessage.Decode(expected));
    }

    [Theory]
    [InlineData("%", "%")]
    [InlineData("%G1", "%G1")]
    [InlineData("50%", "50%")]
    public void Decode_MalformedEscape_KeepsItAsIs(string encoded, string expected)
    {
        Assert.Equal(expected, GrpcStatusMessage.Decode(encoded));
    }
}
