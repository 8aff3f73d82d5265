using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// One HTTP binding of one method, resolved once at start-up: the template,
/// the request field behind each variable, where the body goes, which response
/// field is the body of the answer, and the method's transport-neutral invoker.
/// </summary>
internal sealed class RestRoute
{
    public RestRoute(
        MethodDescriptor method,
        string httpMethod,
        HttpTemplate template,
        IReadOnlyList<FieldDescriptor[]> variableFields,
        RestBodyKind bodyKind,
        FieldDescriptor? bodyField,
        FieldDescriptor? responseBodyField,
        Func<IMessage, ServerCallContext, Task<IMessage>>? invoker,
        string source,
        IReadOnlyList<string> apis)
    {
        Method = method;
        HttpMethod = httpMethod;
        Template = template;
        VariableFields = variableFields;
        BodyKind = bodyKind;
        BodyField = bodyField;
        ResponseBodyField = responseBodyField;
        Invoker = invoker;
        Source = source;
        Apis = apis;
        GrpcPath = $"/{method.Service.FullName}/{method.Name}";
    }

    public MethodDescriptor Method { get; }

    /// <summary>The method's gRPC path, e.g. <c>/google.longrunning.Operations/GetOperation</c>.</summary>
    public string GrpcPath { get; }

    public string HttpMethod { get; }

    public HttpTemplate Template { get; }

    /// <summary>For each template variable, the fields from the request message down to the one it sets.</summary>
    public IReadOnlyList<FieldDescriptor[]> VariableFields { get; }

    public RestBodyKind BodyKind { get; }

    public FieldDescriptor? BodyField { get; }

    /// <summary>The response field written as the body (<c>response_body</c>), or null for the whole response.</summary>
    public FieldDescriptor? ResponseBodyField { get; }

    /// <summary>Runs the method; null for streaming methods, which REST does not serve.</summary>
    public Func<IMessage, ServerCallContext, Task<IMessage>>? Invoker { get; }

    /// <summary>Where the binding came from: the proto annotation or a service config file.</summary>
    public string Source { get; }

    /// <summary>
    /// The APIs whose rules bind this route (service names such as <c>aiplatform.googleapis.com</c>):
    /// the config's <c>name</c>, or the service's <c>google.api.default_host</c> for an annotation;
    /// several when identical bindings of several configs collapsed into this one.
    /// </summary>
    public IReadOnlyList<string> Apis { get; }

    /// <summary>This route, also bound by the APIs of <paramref name="other"/>.</summary>
    public RestRoute WithApisOf(RestRoute other) =>
        new(Method, HttpMethod, Template, VariableFields, BodyKind, BodyField, ResponseBodyField, Invoker, Source, [.. Apis.Union(other.Apis, StringComparer.Ordinal)]);

    public override string ToString() => $"{HttpMethod} {Template.Text}";
}
