using Google.Rpc;
using LongRunningService.Operations.Storage;
using Grpc.Core;
using LongRunningService.Services.Paging;

namespace LongRunningService.Tests.Paging;

public sealed class PageTokenCodecTests
{
    private readonly byte[] _key = StoredState.NewPageTokenKey();
    private readonly PageTokenCodec _codec;

    public PageTokenCodecTests() => _codec = new PageTokenCodec(_key);

    [Fact]
    public void Decode_TokenFromEncode_ReturnsPosition()
    {
        var token = _codec.Encode(123_456_789_012, "projects/p\ndone=true");

        Assert.Equal(123_456_789_012, _codec.Decode(token, "projects/p\ndone=true"));
    }

    [Fact]
    public void Decode_EmptyToken_ReturnsStart()
    {
        Assert.Equal(0, _codec.Decode(string.Empty, "anything"));
    }

    [Fact]
    public void Decode_OtherScope_ThrowsInvalidArgument()
    {
        var token = _codec.Encode(5, "projects/p\n");

        var error = Assert.Throws<RpcException>(() => _codec.Decode(token, "projects/q\n"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public void Decode_TokenSignedWithAnotherKey_ThrowsInvalidArgument()
    {
        var token = new PageTokenCodec(StoredState.NewPageTokenKey()).Encode(5, "s");

        var error = Assert.Throws<RpcException>(() => _codec.Decode(token, "s"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public void Decode_TokenOfAnotherCodecWithTheSameKey_ReturnsPosition()
    {
        var token = new PageTokenCodec([.. _key]).Encode([7, 42], "s");

        Assert.Equal([7, 42], _codec.Decode(token, "s", 2));
    }

    [Fact]
    public void Decode_EveryAlteredCharacter_ThrowsInvalidArgument()
    {
        var token = _codec.Encode(5, "s");
        for (var i = 0; i < token.Length; i++)
        {
            var altered = token[..i] + (token[i] == 'x' ? 'y' : 'x') + token[(i + 1)..];
            Assert.Throws<RpcException>(() => _codec.Decode(altered, "s"));
        }
    }
}
