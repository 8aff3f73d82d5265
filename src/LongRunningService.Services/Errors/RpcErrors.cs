using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using LongRunningService.Contracts;
using Grpc.Core;
using LongRunningService.Protocol.Grpc.Served;
using RpcStatus = Google.Rpc.Status;
using LongRunningService.Protocol.Diagnostics;

namespace LongRunningService.Services.Errors;

/// <summary>
/// The errors services answer with, each a full sentence naming the field or
/// resource, with the typed details Google's APIs attach: BadRequest for bad
/// fields, ResourceInfo for missing or clashing resources, PreconditionFailure
/// for a resource in the wrong state.
/// </summary>
internal static class RpcErrors
{
    public static RpcException RequiredField(string field) =>
        InvalidField(field, $"The field `{field}` is required.");

    public static RpcException InvalidField(string field, string message) =>
        WithDetail(Code.InvalidArgument, message, new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } },
        });

    /// <summary>INVALID_ARGUMENT for several bad fields at once, each a field violation.</summary>
    public static RpcException InvalidFields(string message, IEnumerable<BadRequest.Types.FieldViolation> violations) =>
        WithDetail(Code.InvalidArgument, message, new BadRequest { FieldViolations = { violations } });

    public static RpcException NotFound(string resourceType, string name, string noun) =>
        WithDetail(Code.NotFound, $"{noun} '{ClientText.Prefix(name)}' was not found.", new ResourceInfo
        {
            ResourceType = resourceType,
            ResourceName = ClientText.Prefix(name),
            Description = $"No {noun.ToLowerInvariant()} with this name exists (it may have finished and been removed after its retention time, or been deleted).",
        });

    public static RpcException AlreadyExists(string resourceType, string name, string noun) =>
        WithDetail(Code.AlreadyExists, $"{noun} '{ClientText.Prefix(name)}' already exists.", new ResourceInfo
        {
            ResourceType = resourceType,
            ResourceName = ClientText.Prefix(name),
            Description = "Choose another ID, or leave the ID empty to have one generated.",
        });

    public static RpcException FailedPrecondition(string subject, string type, string message) =>
        WithDetail(Code.FailedPrecondition, message, new PreconditionFailure
        {
            Violations = { new PreconditionFailure.Types.Violation { Type = type, Subject = ClientText.Prefix(subject), Description = message } },
        });

    public static RpcException ResourceExhausted(string message) =>
        new(new Grpc.Core.Status(StatusCode.ResourceExhausted, message));

    public static RpcException Unimplemented(string message) =>
        new(new Grpc.Core.Status(StatusCode.Unimplemented, message));

    private static RpcException WithDetail(Code code, string message, Google.Protobuf.IMessage detail) =>
        new RpcStatus { Code = (int)code, Message = message, Details = { Any.Pack(detail) } }.ToRpcException();
}
