using System.Reflection;
using Grpc.AspNetCore.Server;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using RpcException = Grpc.Core.RpcException;

namespace LongRunningService.Tests.Protocol;

/// <summary>The service types made from the descriptors, as Grpc.AspNetCore maps them.</summary>
public sealed class ServedServiceTypesTests
{
    [Fact]
    public async Task EveryMethodOfEveryServedDescriptor_IsAGrpcEndpoint()
    {
        await using var server = await TestServer.StartAsync();
        var table = server.GetService<GrpcMethodTable>();
        var expected = table.Services.SelectMany(s => s.Methods).Select(m => $"{m.Service.FullName}/{m.Name}").ToHashSet();

        var mapped = server.GetService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
            .OfType<global::Grpc.Core.IMethod>()
            .Select(m => m.FullName.TrimStart('/'))
            .ToHashSet();

        Assert.True(expected.Count > 100, $"Only {expected.Count} methods are served.");
        Assert.Empty(expected.Except(mapped));
    }

    [Fact]
    public async Task MadeServiceType_HasOneVirtualMethodPerRpc_WithTheRpcsMessages()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var service in server.GetService<GrpcMethodTable>().Services)
        {
            var type = ServedServiceTypes.ServiceTypeOf(service);
            foreach (var method in service.Methods)
            {
                var found = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == method.Name).ToList();
                var single = Assert.Single(found);
                Assert.True(single.IsVirtual, method.FullName);
                Assert.Contains(single.GetParameters(), p => p.ParameterType == method.InputType.ClrType
                    || p.ParameterType == typeof(global::Grpc.Core.IAsyncStreamReader<>).MakeGenericType(method.InputType.ClrType));
            }
        }
    }

    [Fact]
    public async Task TwoHostsInOneProcess_EachAnswersFromItsOwnHandlers()
    {
        await using var first = await TestServer.StartAsync();
        await using var second = await TestServer.StartAsync();
        var firstClient = new OperationsTestClient(first.CreateClient());
        var secondClient = new OperationsTestClient(second.CreateClient());
        var started = await firstClient.StartAsync("projects/p/locations/l", OperationsTestClient.LongRunning());

        var found = await firstClient.GetAsync(started.Name);
        var missing = await Assert.ThrowsAsync<RpcException>(() => secondClient.GetAsync(started.Name));

        Assert.Equal(started.Name, found.Name);
        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, missing.StatusCode);
    }
}
