using Google.Rpc;
using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Tests.Transcoding;

public sealed class HttpStatusMappingTests
{
    [Theory]
    [InlineData(Code.Ok, 200, "OK")]
    [InlineData(Code.Cancelled, 499, "CANCELLED")]
    [InlineData(Code.Unknown, 500, "UNKNOWN")]
    [InlineData(Code.InvalidArgument, 400, "INVALID_ARGUMENT")]
    [InlineData(Code.DeadlineExceeded, 504, "DEADLINE_EXCEEDED")]
    [InlineData(Code.NotFound, 404, "NOT_FOUND")]
    [InlineData(Code.AlreadyExists, 409, "ALREADY_EXISTS")]
    [InlineData(Code.PermissionDenied, 403, "PERMISSION_DENIED")]
    [InlineData(Code.ResourceExhausted, 429, "RESOURCE_EXHAUSTED")]
    [InlineData(Code.FailedPrecondition, 400, "FAILED_PRECONDITION")]
    [InlineData(Code.Aborted, 409, "ABORTED")]
    [InlineData(Code.OutOfRange, 400, "OUT_OF_RANGE")]
    [InlineData(Code.Unimplemented, 501, "UNIMPLEMENTED")]
    [InlineData(Code.Internal, 500, "INTERNAL")]
    [InlineData(Code.Unavailable, 503, "UNAVAILABLE")]
    [InlineData(Code.DataLoss, 500, "DATA_LOSS")]
    [InlineData(Code.Unauthenticated, 401, "UNAUTHENTICATED")]
    public void Map_Code_GivesHttpStatusAndName(Code code, int httpStatus, string name)
    {
        Assert.Equal(httpStatus, HttpStatusMapping.ToHttpStatus(code));
        Assert.Equal(name, HttpStatusMapping.ToStatusName(code));
    }

    [Fact]
    public void Map_CodeOutsideCodeProto_GivesInternalServerErrorAndUnknown()
    {
        Assert.Equal(500, HttpStatusMapping.ToHttpStatus((Code)42));
        Assert.Equal("UNKNOWN", HttpStatusMapping.ToStatusName((Code)42));
    }
}
