using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;

namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// Gives Grpc.AspNetCore one instance of each mapped service type per host,
/// made on the first call: the made service types hold nothing but their
/// host's handlers, so a call need not make one.
/// </summary>
internal sealed class ServedServiceActivator<TService>(IServiceProvider services) : IGrpcServiceActivator<TService>
    where TService : class
{
    private TService? _service;

    public GrpcActivatorHandle<TService> Create(IServiceProvider serviceProvider) =>
        new(_service ??= ActivatorUtilities.CreateInstance<TService>(services), created: false, state: null);

    public ValueTask ReleaseAsync(GrpcActivatorHandle<TService> service) => ValueTask.CompletedTask;
}
