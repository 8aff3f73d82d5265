using Google.Api;
using Google.LongRunning;
using Google.Protobuf.Reflection;
using LongRunning.Emulator.V1;
using LongRunningService.Protocol.Transcoding;

namespace LongRunningService.Tests.Transcoding;

public sealed class RestBindingBuilderTests
{
    private static readonly ServiceDescriptor Operations = OperationsReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Emulator = OperationsEmulatorReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor FleetRouting = Google.Cloud.Optimization.V1.FleetRoutingReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor RouteOptimization = Google.Maps.RouteOptimization.V1.RouteOptimizationServiceReflection.Descriptor.Services[0];

    private static readonly ServiceDescriptor[] CloudServices =
    [
        Google.Cloud.AIPlatform.V1.PipelineServiceReflection.Descriptor.Services[0],
        Google.Cloud.AIPlatform.V1.JobServiceReflection.Descriptor.Services[0],
        Google.Cloud.AIPlatform.V1Beta1.PipelineServiceReflection.Descriptor.Services[0],
        Google.Cloud.AIPlatform.V1Beta1.JobServiceReflection.Descriptor.Services[0],
        Google.Cloud.Optimization.V1.FleetRoutingReflection.Descriptor.Services[0],
    ];

    [Fact]
    public void Build_EveryVertexAndOptimizationMethod_BindsEveryAnnotatedBinding()
    {
        var builder = new RestBindingBuilder();
        var methods = CloudServices.SelectMany(s => s.Methods).ToList();
        methods.ForEach(m => builder.AddMethod(m));

        var table = builder.Build();

        var expected = methods.Sum(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is { } rule ? 1 + rule.AdditionalBindings.Count : 0);
        Assert.Equal(96, methods.Count);
        Assert.Equal(98, expected);
        Assert.Equal(expected, table.Routes.Count);
        Assert.All(methods, m => Assert.Contains(table.Routes, r => r.Method == m));
        Assert.All(table.Routes, r => Assert.Empty(r.Rule.AdditionalBindings));
    }

    [Fact]
    public void Build_CloudAnnotations_ResolveBodiesAndNestedVariables()
    {
        var builder = new RestBindingBuilder();
        foreach (var method in CloudServices.SelectMany(s => s.Methods))
        {
            builder.AddMethod(method);
        }

        var routes = builder.Build().Routes;

        var create = Assert.Single(routes, r => r.Method.FullName == "google.cloud.aiplatform.v1.PipelineService.CreatePipelineJob");
        Assert.Equal(("POST", "/v1/{parent=projects/*/locations/*}/pipelineJobs", "pipeline_job"), (create.HttpMethod, create.Template.Text, create.Rule.Body));
        var update = Assert.Single(routes, r => r.Method.FullName == "google.cloud.aiplatform.v1.JobService.UpdateModelDeploymentMonitoringJob");
        Assert.Equal("model_deployment_monitoring_job.name", Assert.Single(update.Template.Variables).FieldPath);
        var optimize = routes.Where(r => r.Method.FullName == "google.cloud.optimization.v1.FleetRouting.BatchOptimizeTours").ToList();
        Assert.Equal(["/v1/{parent=projects/*/locations/*}:batchOptimizeTours", "/v1/{parent=projects/*}:batchOptimizeTours"], optimize.Select(r => r.Template.Text));
        Assert.All(optimize, r => Assert.Equal("*", r.Rule.Body));
    }

    [Fact]
    public void Build_ShippedConfigs_KeepAnnotationsAndMergeEveryConfigBinding()
    {
        var builder = NewBuilder(Operations);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, ServiceConfigFiles.DefaultFolder), "*.yaml").Order(StringComparer.Ordinal))
        {
            builder.AddServiceConfig(ServiceConfigLoader.Load(file));
        }

        var routes = builder.Build().Routes;

        // operations.proto's 4 bindings, then 788 distinct ones from 1,046 in the configs: the v1 and v1beta1
        // configs share their /ui/ lists, and the optimization configs Vertex's /v1/ get and cancel paths
        // under projects/*/locations/*, which collapse into one route each.
        Assert.Equal(4 + 788, routes.Count);
        Assert.Equal(
            ["GET /v1/{name=operations}", "GET /v1/{name=operations/**}", "DELETE /v1/{name=operations/**}", "POST /v1/{name=operations/**}:cancel"],
            routes.Where(r => r.Source == "annotation").Select(r => r.ToString()));
        var uiGet = Assert.Single(routes, r => r.ToString() == "GET /ui/{name=projects/*/locations/*/operations/*}");
        Assert.EndsWith("aiplatform_v1.yaml", uiGet.Source);
        Assert.Equal("GetOperation", uiGet.Method.Name);
        var optimizationGet = Assert.Single(routes, r => r.ToString() == "GET /v1/{name=projects/*/operations/*}");
        Assert.EndsWith("cloudoptimization_v1.yaml", optimizationGet.Source);
        Assert.Equal(["cloudoptimization.googleapis.com", "routeoptimization.googleapis.com"], optimizationGet.Apis);
        var sharedCancel = Assert.Single(routes, r => r.ToString() == "POST /v1/{name=projects/*/locations/*/operations/*}:cancel");
        Assert.Equal(["aiplatform.googleapis.com", "cloudoptimization.googleapis.com", "routeoptimization.googleapis.com"], sharedCancel.Apis);
        var vertexList = Assert.Single(routes, r => r.ToString() == "GET /v1/{name=projects/*/locations/*}/operations");
        Assert.Equal(["aiplatform.googleapis.com"], vertexList.Apis);
        Assert.Equal(163, routes.Count(r => r.Method.Name == "GetOperation" && r.Source != "annotation"));
    }

    [Fact]
    public void Build_ConfigBindingOfTheAnnotationsShape_ReplacesTheAnnotation()
    {
        var builder = NewBuilder(Operations);
        builder.AddServiceConfig(Config("""
            - selector: google.longrunning.Operations.CancelOperation
              post: '/v1/{name=operations/**}:cancel'
            """));

        var routes = builder.Build().Routes;

        var cancel = Assert.Single(routes, r => r.Method.Name == "CancelOperation");
        Assert.Equal(("test.yaml", ""), (cancel.Source, cancel.Rule.Body));
        Assert.Equal(4, routes.Count);
    }

    [Fact]
    public void Build_SameBindingInTwoConfigs_KeepsOne()
    {
        var builder = NewBuilder(Operations);
        const string rules = """
            - selector: google.longrunning.Operations.GetOperation
              get: '/ui/{name=projects/*/operations/*}'
            """;
        builder.AddServiceConfig(Config(rules, "first.yaml"));
        builder.AddServiceConfig(Config(rules, "second.yaml"));

        var routes = builder.Build().Routes;

        Assert.Equal("first.yaml", Assert.Single(routes, r => r.Template.Text.StartsWith("/ui/", StringComparison.Ordinal)).Source);
    }

    [Theory]
    [InlineData(
        "- selector: google.longrunning.Operations.GetOperation\n  get: '/v2/{nam=operations/*}'",
        "Cannot bind google.longrunning.Operations.GetOperation (service google.longrunning.Operations) to HTTP 'GET /v2/{nam=operations/*}' from test.yaml: 'nam' is not a field of google.longrunning.GetOperationRequest.")]
    [InlineData(
        "- selector: google.longrunning.Operations.GetOperation\n  get: '/v2/{name=**}/x'",
        "Cannot bind google.longrunning.Operations.GetOperation (service google.longrunning.Operations) to HTTP 'GET /v2/{name=**}/x' from test.yaml: '**' must be the last segment.")]
    [InlineData(
        "- selector: google.longrunning.Operations.GetOperation\n  get: '/v2/a'\n  additional_bindings:\n  - delete: 'v2/b'",
        "Cannot bind google.longrunning.Operations.GetOperation (service google.longrunning.Operations) to HTTP 'DELETE v2/b' from test.yaml: A path template must start with '/'.")]
    [InlineData(
        "- selector: google.longrunning.Operations.GetOperation\n  body: '*'",
        "Cannot bind google.longrunning.Operations.GetOperation (service google.longrunning.Operations) to an HTTP rule from test.yaml: The rule names no HTTP method (one of get, put, post, delete, patch or custom).")]
    [InlineData(
        "- selector: google.longrunning.Operations.CancelOperation\n  post: '/v2/{name=operations/*}:cancel'\n  body: 'nam'",
        "Cannot bind google.longrunning.Operations.CancelOperation (service google.longrunning.Operations) to HTTP 'POST /v2/{name=operations/*}:cancel' from test.yaml: The body 'nam' is not a field of google.longrunning.CancelOperationRequest.")]
    [InlineData(
        "- selector: google.longrunning.Operations.GetOperation\n  get: '/v2/{name=operations/*}'\n  response_body: 'nam'",
        "Cannot bind google.longrunning.Operations.GetOperation (service google.longrunning.Operations) to HTTP 'GET /v2/{name=operations/*}' from test.yaml: The response_body 'nam' is not a field of google.longrunning.Operation.")]
    [InlineData(
        "- selector: longrunning.emulator.v1.OperationsEmulator.StartOperation\n  post: '/v2/{script=*}:start'",
        "Cannot bind longrunning.emulator.v1.OperationsEmulator.StartOperation (service longrunning.emulator.v1.OperationsEmulator) to HTTP 'POST /v2/{script=*}:start' from test.yaml: Field 'longrunning.emulator.v1.StartOperationRequest.script' is a message; a path variable binds a scalar field.")]
    [InlineData(
        "- selector: longrunning.emulator.v1.OperationsEmulator.StartOperation\n  post: '/v2/{script.duration=*}:start'",
        "Cannot bind longrunning.emulator.v1.OperationsEmulator.StartOperation (service longrunning.emulator.v1.OperationsEmulator) to HTTP 'POST /v2/{script.duration=*}:start' from test.yaml: Field 'longrunning.emulator.v1.OperationScript.duration' is a message; a path variable binds a scalar field.")]
    [InlineData(
        "- selector: longrunning.emulator.v1.OperationsEmulator.StartOperation\n  post: '/v2/{parent.id=*}:start'",
        "Cannot bind longrunning.emulator.v1.OperationsEmulator.StartOperation (service longrunning.emulator.v1.OperationsEmulator) to HTTP 'POST /v2/{parent.id=*}:start' from test.yaml: Field 'longrunning.emulator.v1.StartOperationRequest.parent' is not a message, so 'parent.id' cannot go through it.")]
    [InlineData(
        "- selector: longrunning.emulator.v1.OperationsEmulator.StartOperation\n  post: '/v2/{script.nope=*}:start'",
        "Cannot bind longrunning.emulator.v1.OperationsEmulator.StartOperation (service longrunning.emulator.v1.OperationsEmulator) to HTTP 'POST /v2/{script.nope=*}:start' from test.yaml: 'nope' is not a field of longrunning.emulator.v1.OperationScript.")]
    [InlineData(
        "- selector: google.longrunning.Operations.Nope\n  get: '/v2/x'",
        "Service config 'test.yaml' has HTTP rules for 'google.longrunning.Operations.Nope', which is not a method this server serves.")]
    [InlineData(
        "- get: '/v2/x'",
        "Service config 'test.yaml' has an HTTP rule without a selector.")]
    [InlineData(
        "- selector: google.longrunning.Operations.GetOperation\n  get: '/v2/{name=things/*}'\n- selector: google.longrunning.Operations.DeleteOperation\n  get: '/v2/{name=things/*}'",
        "HTTP binding 'GET /v2/{name=things/*}' of google.longrunning.Operations.DeleteOperation (from test.yaml) matches the same requests as 'GET /v2/{name=things/*}' of google.longrunning.Operations.GetOperation (from test.yaml).")]
    [InlineData(
        "- selector: google.longrunning.Operations.GetOperation\n  get: '/v1/{name=operations}'",
        "HTTP binding 'GET /v1/{name=operations}' of google.longrunning.Operations.GetOperation (from test.yaml) matches the same requests as 'GET /v1/{name=operations}' of google.longrunning.Operations.ListOperations (from annotation).")]
    public void Build_BadRule_ThrowsNamingMethodServiceAndTemplate(string rules, string message)
    {
        var builder = NewBuilder(Operations, Emulator);
        builder.AddServiceConfig(Config(rules));

        var exception = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Build_AnnotationBinding_CarriesTheServicesDefaultHostAsItsApi()
    {
        var routes = NewBuilder(RouteOptimization).Build().Routes;

        Assert.Equal(8, routes.Count);
        Assert.All(routes, r => Assert.Equal(["routeoptimization.googleapis.com"], r.Apis));
        Assert.Contains(routes, r => r.ToString() == "POST /v1/{parent=projects/*/locations/*}:OptimizeToursUri");
    }

    [Fact]
    public void Build_TwoServicesBindOnePathWithoutArbiter_ThrowsNamingBoth()
    {
        var builder = NewBuilder(FleetRouting, RouteOptimization);

        var exception = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal(
            "HTTP binding 'POST /v1/{parent=projects/*/locations/*}:optimizeTours' of google.maps.routeoptimization.v1.RouteOptimization.OptimizeTours (from annotation) "
            + "matches the same requests as 'POST /v1/{parent=projects/*/locations/*}:optimizeTours' of google.cloud.optimization.v1.FleetRouting.OptimizeTours (from annotation).",
            exception.Message);
    }

    [Fact]
    public void Build_ArbiterPicksOneMethodPerSharedPath_ServesTheWinnerAndRecordsIt()
    {
        var builder = NewBuilder(FleetRouting, RouteOptimization);
        builder.AddArbiter(new PickByTemplate(t => t.Contains("/locations/", StringComparison.Ordinal) ? RouteOptimization : FleetRouting));

        var table = builder.Build();

        // FleetRouting's 4 bindings and RouteOptimization's 8 share 4 paths.
        Assert.Equal(8, table.Routes.Count);
        Assert.Equal(
            [
                "POST /v1/{parent=projects/*/locations/*}:optimizeTours -> google.maps.routeoptimization.v1.RouteOptimization (not google.cloud.optimization.v1.FleetRouting)",
                "POST /v1/{parent=projects/*}:optimizeTours -> google.cloud.optimization.v1.FleetRouting (not google.maps.routeoptimization.v1.RouteOptimization)",
                "POST /v1/{parent=projects/*/locations/*}:batchOptimizeTours -> google.maps.routeoptimization.v1.RouteOptimization (not google.cloud.optimization.v1.FleetRouting)",
                "POST /v1/{parent=projects/*}:batchOptimizeTours -> google.cloud.optimization.v1.FleetRouting (not google.maps.routeoptimization.v1.RouteOptimization)",
            ],
            table.Shared.Select(s => s.ToString()));
        Assert.Equal(RouteOptimization.FindMethodByName("BatchOptimizeTours"), Assert.Single(table.Routes, r => r.Template.Text == "/v1/{parent=projects/*/locations/*}:batchOptimizeTours").Method);
        Assert.Equal(FleetRouting.FindMethodByName("BatchOptimizeTours"), Assert.Single(table.Routes, r => r.Template.Text == "/v1/{parent=projects/*}:batchOptimizeTours").Method);
    }

    [Fact]
    public void Build_ArbiterPicksAThirdMethod_Throws()
    {
        var builder = NewBuilder(FleetRouting, RouteOptimization);
        builder.AddArbiter(new PickByTemplate(_ => Operations));

        var exception = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.StartsWith("PickByTemplate chose google.longrunning.Operations.ListOperations for 'POST /v1/{parent=projects/*/locations/*}:optimizeTours'", exception.Message);
    }

    [Fact]
    public void Build_PathVariableOnRepeatedField_Throws()
    {
        var builder = new RestBindingBuilder();
        builder.AddMethod(CloudServices[0].FindMethodByName("BatchCancelPipelineJobs"));
        builder.AddServiceConfig(Config("- selector: google.cloud.aiplatform.v1.PipelineService.BatchCancelPipelineJobs\n  post: '/v2/{names=*}:x'"));

        var exception = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.EndsWith("Field 'google.cloud.aiplatform.v1.BatchCancelPipelineJobsRequest.names' is repeated; a path variable binds a singular field.", exception.Message);
    }

    private static RestBindingBuilder NewBuilder(params ServiceDescriptor[] services)
    {
        var builder = new RestBindingBuilder();
        foreach (var method in services.SelectMany(s => s.Methods))
        {
            builder.AddMethod(method);
        }

        return builder;
    }

    // Picks, of the two methods, the one of the service the template maps to; no say when that service binds neither.
    private sealed class PickByTemplate(Func<string, ServiceDescriptor> serviceFor) : IRestRouteArbiter
    {
        public MethodDescriptor? Choose(string httpMethod, string template, MethodDescriptor first, MethodDescriptor second)
        {
            var service = serviceFor(template);
            return first.Service == service ? first : second.Service == service ? second : service.Methods[0];
        }
    }

    private static ServiceConfigHttpRules Config(string rules, string source = "test.yaml")
    {
        var indented = string.Join('\n', rules.Split('\n').Select(line => "  " + line));
        return ServiceConfigLoader.Load(new StringReader("http:\n rules:\n" + indented + "\n"), source);
    }
}
