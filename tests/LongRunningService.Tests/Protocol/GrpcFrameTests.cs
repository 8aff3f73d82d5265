using System.Buffers;
using Google.Rpc;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Tests.Protocol;

public sealed class GrpcFrameTests
{
    [Fact]
    public void TryRead_WholeFrame_ReturnsPayloadAndConsumesIt()
    {
        var buffer = new ReadOnlySequence<byte>(
        [
            0x00,                   // compressed-flag: not compressed
            0x00, 0x00, 0x00, 0x03, // message-length: 3, big-endian
            0x0A, 0x01, 0x61,       // message: field 1, length 1, "a"
            0x00,                   // first byte of the next frame
        ]);

        Assert.True(GrpcFrame.TryRead(ref buffer, 100, out var compressed, out var payload));

        Assert.False(compressed);
        Assert.Equal(new byte[] { 0x0A, 0x01, 0x61 }, payload.ToArray());
        Assert.Equal(1, buffer.Length);
    }

    [Fact]
    public void TryRead_ZeroLengthMessage_ReturnsEmptyPayload()
    {
        var buffer = new ReadOnlySequence<byte>(
        [
            0x00,                   // compressed-flag
            0x00, 0x00, 0x00, 0x00, // message-length: 0
        ]);

        Assert.True(GrpcFrame.TryRead(ref buffer, 100, out _, out var payload));
        Assert.True(payload.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryRead_PartialFrame_ReturnsFalseAndLeavesBuffer()
    {
        var buffer = new ReadOnlySequence<byte>(
        [
            0x00,                   // compressed-flag
            0x00, 0x00, 0x00, 0x05, // message-length: 5
            0x01, 0x02,             // only 2 of the 5 message bytes
        ]);

        Assert.False(GrpcFrame.TryRead(ref buffer, 100, out _, out _));
        Assert.Equal(7, buffer.Length);
    }

    [Fact]
    public void TryRead_CompressedFlag_ReportsCompressed()
    {
        var buffer = new ReadOnlySequence<byte>(
        [
            0x01,                   // compressed-flag: compressed
            0x00, 0x00, 0x00, 0x01, // message-length: 1
            0xFF,                   // message
        ]);

        Assert.True(GrpcFrame.TryRead(ref buffer, 100, out var compressed, out _));
        Assert.True(compressed);
    }

    [Fact]
    public void TryRead_InvalidFlag_ThrowsInternal()
    {
        var buffer = new ReadOnlySequence<byte>(
        [
            0x02,                   // compressed-flag: invalid
            0x00, 0x00, 0x00, 0x00, // message-length: 0
        ]);

        var error = Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref buffer, 100, out _, out _));
        Assert.Equal(Code.Internal, error.Code);
        Assert.Equal("Invalid compressed-flag 2 in a message header; expected 0 or 1.", error.Status.Message);
    }

    [Fact]
    public void TryRead_LengthOverLimit_ThrowsResourceExhaustedBeforeThePayloadArrives()
    {
        var buffer = new ReadOnlySequence<byte>(
        [
            0x00,                   // compressed-flag
            0x00, 0x10, 0x00, 0x00, // message-length: 1 MiB, none of it here yet
        ]);

        var error = Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref buffer, 1024, out _, out _));
        Assert.Equal(Code.ResourceExhausted, error.Code);
        Assert.Equal("Received message of 1048576 bytes exceeds the maximum receive message size of 1024 bytes.", error.Status.Message);
    }

    [Fact]
    public void WriteHeader_WritesFlagAndBigEndianLength()
    {
        var header = new byte[5];

        GrpcFrame.WriteHeader(header, 0x01020304);

        Assert.Equal(new byte[] { 0x00, 0x01, 0x02, 0x03, 0x04 }, header);
    }
}
