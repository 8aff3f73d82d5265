using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>Grpc.Core method definitions made from protobuf descriptors, with protobuf marshallers.</summary>
internal static class ServedMethodFactory
{
    public static Method<TRequest, TResponse> Create<TRequest, TResponse>(MethodDescriptor method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(type, method.Service.FullName, method.Name, MarshallerOf<TRequest>(method.InputType), MarshallerOf<TResponse>(method.OutputType));
    }

    // A payload that is not the message is the client's mistake: a status, not a crash in the log.
    private static T Parse<T>(MessageParser<T> parser, MessageDescriptor descriptor, DeserializationContext context)
        where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException)
        {
            throw new global::Grpc.Core.RpcException(new Status(StatusCode.Internal, $"The request message is not a valid {descriptor.FullName}."));
        }
    }

    private static Marshaller<T> MarshallerOf<T>(MessageDescriptor descriptor)
        where T : class, IMessage<T>
    {
        var parser = (MessageParser<T>)descriptor.Parser;
        return Marshallers.Create(
            static (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => Parse(parser, descriptor, context));
    }
}
