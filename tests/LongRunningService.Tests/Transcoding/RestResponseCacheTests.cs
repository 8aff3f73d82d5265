using System.Text;
using Google.LongRunning;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Tests.Transcoding;

public sealed class RestResponseCacheTests
{
    private static readonly RestResponseVariant Plain = new(default, null);
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""{ "name": "operations/1" }""");

    [Fact]
    public void TryGet_InstanceAnsweredOnce_Misses()
    {
        var cache = new RestResponseCache();
        var operation = new Operation { Name = "operations/1" };

        cache.Add(operation, Plain, Json);

        Assert.Null(cache.TryGet(operation, Plain));
    }

    [Fact]
    public void TryGet_InstanceAnsweredTwice_ReturnsItsJson()
    {
        var operation = new Operation { Name = "operations/1", Metadata = Any.Pack(new StringValue { Value = "m" }) };

        var cache = AnsweredTwice(operation);

        Assert.Same(Json, cache.TryGet(operation, Plain));
        Assert.Same(Json, cache.TryGet(operation, Plain));
    }

    [Fact]
    public void TryGet_AnswerLargerThanTheLimit_IsNeverCached()
    {
        var cache = new RestResponseCache();
        var operation = new Operation { Name = "operations/1" };
        var large = new byte[RestResponseCache.MaxCachedBytes + 1];

        cache.Add(operation, Plain, large);
        cache.Add(operation, Plain, large);

        Assert.Null(cache.TryGet(operation, Plain));
    }

    [Fact]
    public void TryGet_InstanceChangedInPlaceAfterCaching_Misses()
    {
        var operation = new Operation { Name = "operations/1", Metadata = Any.Pack(new StringValue { Value = "m" }) };
        var cache = AnsweredTwice(operation);

        operation.Metadata = Any.Pack(new StringValue { Value = "changed" });

        Assert.Null(cache.TryGet(operation, Plain));
    }

    [Fact]
    public void TryGet_EqualContentInAnotherInstance_Misses()
    {
        var operation = new Operation { Name = "operations/1" };
        var cache = AnsweredTwice(operation);

        Assert.Null(cache.TryGet(operation.Clone(), Plain));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void TryGet_OtherFormat_Misses(bool enumsAsIntegers, bool pretty)
    {
        var operation = new Operation { Name = "operations/1" };
        var cache = AnsweredTwice(operation);

        Assert.Null(cache.TryGet(operation, new RestResponseVariant(new RestResponseFormat(enumsAsIntegers, pretty), null)));
    }

    [Fact]
    public void TryGet_OtherResponseBodyField_Misses()
    {
        var operation = new Operation { Name = "operations/1" };
        var cache = AnsweredTwice(operation);

        var field = Operation.Descriptor.FindFieldByName("metadata");
        Assert.Null(cache.TryGet(operation, new RestResponseVariant(default, field)));
    }

    private static RestResponseCache AnsweredTwice(Operation operation)
    {
        var cache = new RestResponseCache();
        cache.Add(operation, Plain, Json);
        cache.Add(operation, Plain, Json);
        return cache;
    }
}
