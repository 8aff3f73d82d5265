using Google.LongRunning;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Transcoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LongRunningService.Tests.Transcoding;

public sealed class RestRequestBinderTests
{
    private static readonly RestJson Json = new([
        OperationsReflection.Descriptor,
        OperationsEmulatorReflection.Descriptor,
        Google.Cloud.AIPlatform.V1.PipelineServiceReflection.Descriptor,
    ]);

    private static readonly Lazy<RestRouteTable> Table = new(BuildTable);

    [Theory]
    // Query strings: JSON and proto names, form decoding ('+' is a space), repeated fields, well-known types.
    [InlineData("GET", "/v1/operations", "filter=done%3Dtrue&pageSize=2", null, """{"name":"operations","filter":"done=true","pageSize":2}""")]
    [InlineData("GET", "/ui/projects/p/locations/l/operations", "page_size=3&page_token=abc&return_partial_success=true", null, """{"name":"projects/p/locations/l","pageSize":3,"pageToken":"abc","returnPartialSuccess":true}""")]
    [InlineData("GET", "/ui/projects/p/locations/l/operations", "filter=done+%3D+true&pageToken=a%2Bb", null, """{"name":"projects/p/locations/l","filter":"done = true","pageToken":"a+b"}""")]
    [InlineData("GET", "/ui/projects/p/locations/l/operations", "filter=name%3A%22%C3%A9%22", null, """{"name":"projects/p/locations/l","filter":"name:\"é\""}""")]
    [InlineData("GET", "/ui/projects/p/locations/l/operations", "", null, """{"name":"projects/p/locations/l"}""")]
    [InlineData("POST", "/ui/projects/p/locations/l/operations/42:wait", "timeout=1.5s", null, """{"name":"projects/p/locations/l/operations/42","timeout":"1.500s"}""")]
    [InlineData("POST", "/emulator/v1/operations:start", "script.duration=5s&script.ignoreCancellation=true&script.progress_updates=3&parent=projects%2Fp", null, """{"parent":"projects/p","script":{"duration":"5s","progressUpdates":3,"ignoreCancellation":true}}""")]
    [InlineData("GET", "/v1/projects/p/locations/l/pipelineJobs", "readMask=name,createTime,pipeline_spec&orderBy=create_time+desc", null, """{"parent":"projects/p/locations/l","readMask":"name,createTime,pipelineSpec","orderBy":"create_time desc"}""")]
    [InlineData("GET", "/v1/projects/p/locations/l/pipelineJobs", "readMask=name%2CcreateTime", null, """{"parent":"projects/p/locations/l","readMask":"name,createTime"}""")]
    [InlineData("POST", "/v1/projects/p/locations/l/pipelineJobs:batchCancel", "names=a&names=b", null, """{"parent":"projects/p/locations/l","names":["a","b"]}""")]
    // Bodies: body "*", body "field", snake_case names, Any with @type, and the path winning over the body.
    [InlineData("POST", "/emulator/v1/operations:start", "", """{"parent":"projects/p","operationId":"x","script":{"response":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"v"}}}""", """{"parent":"projects/p","operationId":"x","script":{"response":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"v"}}}""")]
    [InlineData("POST", "/emulator/v1/operations:start", "", """{"operation_id":"x","script":{"cancel_delay":"2s"}}""", """{"operationId":"x","script":{"cancelDelay":"2s"}}""")]
    [InlineData("POST", "/v1/projects/p/locations/l/pipelineJobs", "pipelineJobId=j", """{"displayName":"d","labels":{"k":"v"}}""", """{"parent":"projects/p/locations/l","pipelineJob":{"displayName":"d","labels":{"k":"v"}},"pipelineJobId":"j"}""")]
    [InlineData("POST", "/v1/operations/42:cancel", "", """{"name":"operations/other"}""", """{"name":"operations/42"}""")]
    [InlineData("POST", "/v1/projects/p/locations/l/pipelineJobs", "", """{"name":"ignored"}""", """{"parent":"projects/p/locations/l","pipelineJob":{"name":"ignored"}}""")]
    // Empty bodies: none (Python), whitespace, {} (Node), also on a rule without a body.
    [InlineData("POST", "/v1/operations/42:cancel", "", null, """{"name":"operations/42"}""")]
    [InlineData("POST", "/v1/operations/42:cancel", "", " \r\n\t", """{"name":"operations/42"}""")]
    [InlineData("POST", "/v1/operations/42:cancel", "", "{}", """{"name":"operations/42"}""")]
    [InlineData("POST", "/ui/projects/p/locations/l/operations/42:cancel", "", "{}", """{"name":"projects/p/locations/l/operations/42"}""")]
    [InlineData("POST", "/ui/projects/p/locations/l/operations/42:cancel", "", null, """{"name":"projects/p/locations/l/operations/42"}""")]
    // {} for a body field is that field, present and empty, not an empty request.
    [InlineData("POST", "/v1/projects/p/locations/l/pipelineJobs", "", " {} ", """{"parent":"projects/p/locations/l","pipelineJob":{}}""")]
    public void Bind_Request_BuildsTheMessage(string method, string path, string query, string? body, string expectedJson)
    {
        var (route, request, _) = Bind(method, path, query, body);

        Assert.Equal(Json.Parser.Parse(expectedJson, route.Method.InputType), request);
    }

    [Theory]
    [InlineData("", false, false)]
    [InlineData("$alt=json;enum-encoding=int", true, false)]
    [InlineData("%24alt=json%3Benum-encoding%3Dint", true, false)]
    [InlineData("$alt=json%3Benum-encoding=int", true, false)]
    [InlineData("alt=json", false, false)]
    [InlineData("$alt=JSON;enum-encoding=string", false, false)]
    [InlineData("prettyPrint=true", false, true)]
    [InlineData("$prettyPrint=1", false, true)]
    [InlineData("$prettyPrint=0", false, false)]
    [InlineData("prettyPrint=false&$alt=json;enum-encoding=int", true, false)]
    [InlineData("$fields=name&fields=done&key=k&access_token=t&$.xgafv=2&quotaUser=q&$somethingNew=1", false, false)]
    public void Bind_SystemParameters_SetTheResponseFormat(string query, bool enumsAsIntegers, bool pretty)
    {
        var (_, request, format) = Bind("GET", "/v1/operations/42", query, null);

        Assert.Equal(new RestResponseFormat(enumsAsIntegers, pretty), format);
        Assert.Equal(new GetOperationRequest { Name = "operations/42" }, request);
    }

    [Theory]
    [InlineData("GET", "/v1/operations/42", "foo=1", null, "foo", "Invalid JSON payload received. Unknown name \"foo\": Cannot bind query parameter. Field 'foo' could not be found in request message.")]
    [InlineData("POST", "/emulator/v1/operations:start", "script.nope=1", null, "script.nope", "Invalid JSON payload received. Unknown name \"script.nope\": Cannot bind query parameter. Field 'script.nope' could not be found in request message.")]
    [InlineData("GET", "/v1/operations", "pageSize=abc", null, "pageSize", "Invalid value at 'pageSize' (TYPE_INT32), \"abc\"")]
    [InlineData("GET", "/v1/operations", "pageSize=1&pageSize=2", null, "pageSize", "Query parameter 'pageSize' is given 2 times, but its field is not repeated.")]
    [InlineData("POST", "/ui/projects/p/locations/l/operations/42:wait", "timeout=abc", null, "timeout", "Invalid value at 'timeout' (google.protobuf.Duration), \"abc\"")]
    [InlineData("POST", "/emulator/v1/operations:start", "script=x", null, "script", "Query parameter 'script' cannot be bound: it is a longrunning.emulator.v1.OperationScript message; set its fields one by one, e.g. script.field=value.")]
    [InlineData("POST", "/emulator/v1/operations:start", "parent.x=1", null, "parent.x", "Query parameter 'parent.x' cannot be bound: 'parent' has no fields to set.")]
    [InlineData("GET", "/v1/operations/42", "alt=proto", null, "alt", "Invalid value 'proto' for system parameter 'alt': this server answers in JSON only (alt=json).")]
    [InlineData("GET", "/v1/operations/42", "$alt=json;enum-encoding=hex", null, "$alt", "Invalid value 'json;enum-encoding=hex' for system parameter '$alt': the only parameter of alt=json is enum-encoding=int or enum-encoding=string.")]
    [InlineData("GET", "/v1/operations/42", "prettyPrint=maybe", null, "prettyPrint", "Invalid value 'maybe' for system parameter 'prettyPrint': expected true, false, 1 or 0.")]
    [InlineData("POST", "/emulator/v1/operations:start", "", """{"foo":1}""", "foo", "Invalid JSON payload received. Unknown name \"foo\": Cannot find field.")]
    [InlineData("POST", "/emulator/v1/operations:start", "", """{"script":{"nope":true}}""", "nope", "Invalid JSON payload received. Unknown name \"nope\": Cannot find field.")]
    public void Bind_BadParameter_ThrowsInvalidArgumentNamingIt(string method, string path, string query, string? body, string field, string message)
    {
        var exception = Assert.Throws<RpcException>(() => Bind(method, path, query, body));

        Assert.Equal(Code.InvalidArgument, exception.Code);
        Assert.Equal(message, exception.Status.Message);
        var violation = Assert.Single(Assert.Single(exception.Status.Details).Unpack<BadRequest>().FieldViolations);
        Assert.Equal((field, message), (violation.Field, violation.Description));
    }

    [Theory]
    [InlineData("{", "Invalid JSON payload received. Unexpected end of document in state: ObjectStart")]
    [InlineData("[]", "Invalid JSON payload received. Expected an object")]
    [InlineData("{} {}", "Invalid JSON payload received. Invalid state to read an open brace: ExpectedEndOfDocument")]
    [InlineData("""{"parent":1}""", "Invalid JSON payload received. Unsupported conversion from JSON number for field type String")]
    [InlineData("""{"script":{"duration":"soon"}}""", "Invalid JSON payload received. Invalid Duration value: soon")]
    [InlineData("""{"script":{"response":{"@type":"type.googleapis.com/x.Unknown"}}}""", "Invalid JSON payload received. Type registry has no descriptor for type name 'x.Unknown'")]
    public void Bind_MalformedBody_ThrowsInvalidArgument(string body, string message)
    {
        var exception = Assert.Throws<RpcException>(() => Bind("POST", "/emulator/v1/operations:start", string.Empty, body));

        Assert.Equal(Code.InvalidArgument, exception.Code);
        Assert.Equal(message, exception.Status.Message);
    }

    [Theory]
    [InlineData("google.protobuf.FieldDescriptorProto", "name", "abc", """{"name":"abc"}""")]
    [InlineData("google.protobuf.FieldDescriptorProto", "number", "-5", """{"number":-5}""")]
    [InlineData("google.protobuf.FieldDescriptorProto", "label", "LABEL_REPEATED", """{"label":"LABEL_REPEATED"}""")]
    [InlineData("google.protobuf.FieldDescriptorProto", "label", "3", """{"label":"LABEL_REPEATED"}""")]
    [InlineData("google.protobuf.Field", "kind", "TYPE_STRING", """{"kind":"TYPE_STRING"}""")]
    [InlineData("google.protobuf.Field", "kind", "99", """{"kind":99}""")]
    [InlineData("google.protobuf.Field", "packed", "true", """{"packed":true}""")]
    [InlineData("google.protobuf.Field", "packed", "1", """{"packed":true}""")]
    [InlineData("google.protobuf.Field", "packed", "False", """{}""")]
    [InlineData("google.protobuf.Int64Value", "value", "-9223372036854775808", "\"-9223372036854775808\"")]
    [InlineData("google.protobuf.UInt64Value", "value", "18446744073709551615", "\"18446744073709551615\"")]
    [InlineData("google.protobuf.UInt32Value", "value", "4294967295", "4294967295")]
    [InlineData("google.protobuf.DoubleValue", "value", "NaN", "\"NaN\"")]
    [InlineData("google.protobuf.DoubleValue", "value", "-Infinity", "\"-Infinity\"")]
    [InlineData("google.protobuf.DoubleValue", "value", "1.5e3", "1500")]
    [InlineData("google.protobuf.FloatValue", "value", "0.25", "0.25")]
    [InlineData("google.protobuf.BytesValue", "value", "aGk", "\"aGk=\"")]
    [InlineData("google.protobuf.BytesValue", "value", "-_8", "\"+/8=\"")]
    [InlineData("longrunning.emulator.v1.OperationScript", "duration", "1.5s", """{"duration":"1.500s"}""")]
    [InlineData("longrunning.emulator.v1.ScriptedOperationMetadata", "create_time", "2024-01-02T03:04:05.5+01:00", """{"createTime":"2024-01-02T02:04:05.500Z"}""")]
    [InlineData("google.cloud.aiplatform.v1.ListPipelineJobsRequest", "read_mask", " name , createTime,,pipeline_spec", """{"readMask":"name,createTime,pipelineSpec"}""")]
    [InlineData("google.cloud.aiplatform.v1.StudySpec.StudyStoppingConfig", "should_stop_asap", "true", """{"shouldStopAsap":true}""")]
    [InlineData("google.cloud.aiplatform.v1.StudySpec.StudyStoppingConfig", "max_num_trials", "7", """{"maxNumTrials":7}""")]
    public void Parse_FieldValue_SetsTheFieldAsProto3JsonWould(string type, string field, string text, string expectedJson)
    {
        var descriptor = FindType(type);
        var message = RestRequestBinder.NewMessage(descriptor);
        var fieldDescriptor = descriptor.FindFieldByName(field);

        fieldDescriptor.Accessor.SetValue(message, RestFieldValues.Parse(fieldDescriptor, text, field, Json.Parser));

        Assert.Equal(Json.Parser.Parse(expectedJson, descriptor), message);
    }

    [Theory]
    [InlineData("google.protobuf.FieldDescriptorProto", "number", "1.5", "TYPE_INT32")]
    [InlineData("google.protobuf.FieldDescriptorProto", "number", "2147483648", "TYPE_INT32")]
    [InlineData("google.protobuf.UInt32Value", "value", "-1", "TYPE_UINT32")]
    [InlineData("google.protobuf.Field", "packed", "yes", "TYPE_BOOL")]
    [InlineData("google.protobuf.Field", "kind", "TYPE_NOPE", "TYPE_ENUM")]
    [InlineData("google.protobuf.BytesValue", "value", "!!", "TYPE_BYTES")]
    [InlineData("longrunning.emulator.v1.OperationScript", "duration", "5", "google.protobuf.Duration")]
    [InlineData("longrunning.emulator.v1.ScriptedOperationMetadata", "create_time", "yesterday", "google.protobuf.Timestamp")]
    [InlineData("google.cloud.aiplatform.v1.StudySpec.StudyStoppingConfig", "max_num_trials", "x", "google.protobuf.Int32Value")]
    public void Parse_BadFieldValue_ThrowsNamingTheType(string type, string field, string text, string typeName)
    {
        var fieldDescriptor = FindType(type).FindFieldByName(field);

        var exception = Assert.Throws<RpcException>(() => RestFieldValues.Parse(fieldDescriptor, text, field, Json.Parser));

        Assert.Equal($"Invalid value at '{field}' ({typeName}), \"{text}\"", exception.Status.Message);
    }

    private static MessageDescriptor FindType(string name) =>
        Json.Registry.Find(name)
        ?? new[] { DescriptorReflection.Descriptor, TypeReflection.Descriptor, Google.Cloud.AIPlatform.V1.StudyReflection.Descriptor }
            .SelectMany(f => f.MessageTypes.SelectMany(m => m.NestedTypes.Prepend(m)))
            .Single(m => m.FullName == name);

    private static (RestRoute Route, IMessage Request, RestResponseFormat Format) Bind(string method, string path, string query, string? body)
    {
        var parsed = HttpRequestPath.Parse(path)!;
        var match = Table.Value.Match(parsed, method);
        var route = match.Route ?? throw new InvalidOperationException($"No route for {method} {path}.");
        var format = default(RestResponseFormat);
        var request = RestRequestBinder.Bind(route, body, new QueryCollection(QueryHelpers.ParseQuery(query)), match.Template!.ReadVariables(parsed), Json, ref format);
        return (route, request, format);
    }

    private static RestRouteTable BuildTable()
    {
        var builder = new RestRouteTableBuilder();
        var services = new[]
        {
            OperationsReflection.Descriptor.Services[0],
            OperationsEmulatorReflection.Descriptor.Services[0],
            Google.Cloud.AIPlatform.V1.PipelineServiceReflection.Descriptor.Services[0],
        };
        foreach (var method in services.SelectMany(s => s.Methods))
        {
            builder.AddMethod(method, invoker: null);
        }

        builder.AddServiceConfig(ServiceConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, ServiceConfigFiles.DefaultFolder, "aiplatform_v1.yaml")));
        return builder.Build();
    }
}
