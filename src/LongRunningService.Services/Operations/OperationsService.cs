using Google.LongRunning;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using LongRunningService.Operations.Filtering;
using LongRunningService.Operations.Registry;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Paging;
using LongRunningService.Services.Validation;
using Microsoft.Extensions.Options;

namespace LongRunningService.Services.Operations;

/// <summary>
/// <c>google.longrunning.Operations</c> over the registry, with Google's
/// semantics: cancellation is asynchronous and best effort, deletion forgets
/// without cancelling, waiting returns the latest state when time runs out.
/// One registry holds the operations of every API served; a list through an
/// API's REST bindings holds only that API's (and the emulator's own), because
/// Google's REST clients decode every <c>Any</c> in it and fail on a type of
/// another API. Over gRPC a list holds them all.
/// </summary>
internal sealed class OperationsService(
    IOperationRegistry registry,
    PageTokenCodec pageTokens,
    IOptions<OperationsServiceOptions> options,
    TimeProvider clock) : IGrpcService
{
    private static readonly Empty EmptyResponse = new();
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(200);
    private readonly OperationsServiceOptions _options = options.Value;

    public ServiceDescriptor Descriptor => OperationsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Operations");

    public void Bind(GrpcServiceBinder binder)
    {
        binder.MapUnary<ListOperationsRequest, ListOperationsResponse>(nameof(ListOperations), ListOperations);
        binder.MapUnary<GetOperationRequest, Operation>(nameof(GetOperation), GetOperation);
        binder.MapUnary<DeleteOperationRequest, Empty>(nameof(DeleteOperation), DeleteOperation);
        binder.MapUnary<CancelOperationRequest, Empty>(nameof(CancelOperation), CancelOperation);
        binder.MapUnary<WaitOperationRequest, Operation>(nameof(WaitOperation), WaitOperation);
    }

    public Task<Operation> GetOperation(GetOperationRequest request, ServerCallContext context)
    {
        var name = OperationRequests.RequireOperationName(request.Name);
        var operation = registry.Get(name) ?? throw OperationRequests.NotFound(name);
        return Task.FromResult(operation);
    }

    public Task<ListOperationsResponse> ListOperations(ListOperationsRequest request, ServerCallContext context)
    {
        var parent = OperationRequests.RequireCollection(request.Name);
        if (request.ReturnPartialSuccess)
        {
            // AIP-217: a service without unreachable locations to report must refuse the flag.
            throw RpcErrors.Unimplemented("The field `return_partial_success` is not supported: this service has no unreachable locations to report.");
        }

        var pageSize = PageSize.Resolve(request.PageSize, _options.DefaultPageSize, _options.MaxPageSize);
        Filter<Operation> filter;
        try
        {
            filter = Filter<Operation>.Parse(request.Filter, OperationFilterSchema.Instance);
        }
        catch (FilterException exception)
        {
            throw RpcErrors.InvalidField("filter", exception.Message);
        }

        // A token is a position in creation order, so it stays valid whether or not the list is narrowed to some APIs.
        var apis = context.BindingApis() is { Count: > 0 } bound ? bound : null;
        var scope = $"{parent}\n{request.Filter}";
        var after = pageTokens.Decode(request.PageToken, scope);
        var page = registry.List(parent, filter.Matches, pageSize, after, apis);
        var response = new ListOperationsResponse { Operations = { page.Operations } };
        if (page.HasMore)
        {
            response.NextPageToken = pageTokens.Encode(page.LastSequence, scope);
        }

        return Task.FromResult(response);
    }

    public Task<Empty> CancelOperation(CancelOperationRequest request, ServerCallContext context)
    {
        var name = OperationRequests.RequireOperationName(request.Name);
        if (registry.RequestCancel(name) == CancelOutcome.NotFound)
        {
            throw OperationRequests.NotFound(name);
        }

        return Task.FromResult(EmptyResponse);
    }

    public Task<Empty> DeleteOperation(DeleteOperationRequest request, ServerCallContext context)
    {
        var name = OperationRequests.RequireOperationName(request.Name);
        if (!registry.Delete(name))
        {
            throw OperationRequests.NotFound(name);
        }

        return Task.FromResult(EmptyResponse);
    }

    public async Task<Operation> WaitOperation(WaitOperationRequest request, ServerCallContext context)
    {
        var name = OperationRequests.RequireOperationName(request.Name);
        var timeout = _options.MaxWaitTimeout;
        if (request.Timeout is { } requested)
        {
            DurationFields.RequireNormalized(requested, "timeout");
            var asked = requested.ToTimeSpan();
            if (asked < TimeSpan.Zero)
            {
                throw RpcErrors.InvalidField("timeout", $"The field `timeout` must not be negative; got {requested}.");
            }

            timeout = asked < timeout ? asked : timeout;
        }

        if (context.DeadlineOrNull() is { } deadline && deadline - clock.GetUtcNow() < timeout)
        {
            // The call's deadline is a timeout too: answer with the latest state a little before it,
            // so the answer reaches the client before its own deadline fires.
            var remaining = deadline - clock.GetUtcNow();
            timeout = remaining - TimeSpan.FromTicks(Math.Min(remaining.Ticks / 5, DeadlineMargin.Ticks));
        }

        return await registry.WaitAsync(name, timeout, context.CancellationToken)
            ?? throw OperationRequests.NotFound(name);
    }
}
