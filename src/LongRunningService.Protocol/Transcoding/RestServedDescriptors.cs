using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// The REST bindings of this host, built once when the services are mapped:
/// the served methods' annotations and the service configs, settled by the
/// arbiters (<see cref="RestBindingBuilder"/>), written into the descriptors
/// the services are mapped with (<see cref="TranscodedDescriptors"/>), so JSON
/// transcoding makes exactly one endpoint per binding. Also tells a call which
/// APIs bind the route it came by.
/// </summary>
internal sealed class RestServedDescriptors : IServedDescriptorSource
{
    private readonly IReadOnlyDictionary<ServiceDescriptor, ServiceDescriptor> _served;
    // A variable over literal segments only, such as {name=operations}: it has one value.
    private static readonly Regex ConstantVariable = new(@"\{([A-Za-z_][A-Za-z0-9_.]*)=([^{}*]+)\}", RegexOptions.CultureInvariant);

    private readonly FrozenDictionary<(string Method, string HttpMethod, string Path), RestServedRoute> _routes;

    public RestServedDescriptors(
        GrpcMethodTable methods,
        IOptions<RestTranscodingOptions> options,
        IHostEnvironment environment,
        IEnumerable<IRestRouteArbiter> arbiters,
        ILogger<RestServedDescriptors> logger)
    {
        var builder = new RestBindingBuilder();
        foreach (var arbiter in arbiters)
        {
            builder.AddArbiter(arbiter);
        }

        foreach (var method in methods.Services.SelectMany(s => s.Methods))
        {
            builder.AddMethod(method);
        }

        var files = ServiceConfigFiles.Resolve(options.Value, environment.ContentRootPath);
        foreach (var file in files)
        {
            builder.AddServiceConfig(ServiceConfigLoader.Load(file));
        }

        Bindings = builder.Build();
        var routes = Bindings.Routes.Select(Serve).ToArray();
        _served = TranscodedDescriptors.Build(methods.Services, routes.Select(r => (r.Binding.Method, r.Rule)));
        _routes = routes.ToFrozenDictionary(r => (r.Binding.Method.FullName, r.Binding.HttpMethod, RestBinding.PatternOf(r.Rule).Path));

        var served = Bindings.Routes.Select(r => r.Method).Distinct().Count();
        RestTranscodingLog.RoutesBuilt(logger, Bindings.Routes.Count, served, files.Count == 0 ? "none" : string.Join(", ", files.Select(Path.GetFileName)));
        foreach (var shared in Bindings.Shared)
        {
            RestTranscodingLog.SharedRoute(logger, shared.HttpMethod, shared.Template, shared.Winner.Service.FullName, shared.Loser.Service.FullName);
        }
    }

    public RestBindings Bindings { get; }

    public ServiceDescriptor ServedDescriptorOf(ServiceDescriptor service) => _served.GetValueOrDefault(service, service);

    /// <summary>The binding behind a transcoded endpoint.</summary>
    public RestServedRoute RouteOf(GrpcJsonTranscodingMetadata endpoint)
    {
        var (httpMethod, path) = RestBinding.PatternOf(endpoint.HttpRule);
        return _routes[(endpoint.MethodDescriptor.FullName, httpMethod, path)];
    }

    /// <summary>The HTTP methods of the bindings whose templates match a path, for a 405's <c>Allow</c>.</summary>
    public IReadOnlyList<string> MethodsMatching(string path) =>
        Bindings.Routes.Where(r => r.Template.Matches(path)).Select(r => r.HttpMethod).Distinct().ToArray();

    // JSON transcoding routes a variable over literals as if it were '*': it gets the literal path
    // instead, and the call gets the variable's one value as a field.
    private static RestServedRoute Serve(RestBinding binding)
    {
        var (_, path) = RestBinding.PatternOf(binding.Rule);
        var constants = new List<KeyValuePair<string, string>>();
        var literal = ConstantVariable.Replace(path, match =>
        {
            constants.Add(new(match.Groups[1].Value, match.Groups[2].Value));
            return match.Groups[2].Value;
        });
        if (constants.Count == 0)
        {
            return new RestServedRoute(binding, binding.Rule, []);
        }

        var rule = binding.Rule.Clone();
        switch (rule.PatternCase)
        {
            case HttpRule.PatternOneofCase.Get: rule.Get = literal; break;
            case HttpRule.PatternOneofCase.Put: rule.Put = literal; break;
            case HttpRule.PatternOneofCase.Post: rule.Post = literal; break;
            case HttpRule.PatternOneofCase.Delete: rule.Delete = literal; break;
            case HttpRule.PatternOneofCase.Patch: rule.Patch = literal; break;
            default: rule.Custom.Path = literal; break;
        }

        return new RestServedRoute(binding, rule, constants);
    }
}
