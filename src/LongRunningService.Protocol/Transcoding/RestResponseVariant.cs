using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// What of a response message is written, and how: the format the client asked
/// for and the rule's <c>response_body</c> field, if any. Two answers of the same
/// message are the same bytes exactly when their variants are equal.
/// </summary>
internal readonly record struct RestResponseVariant(RestResponseFormat Format, FieldDescriptor? ResponseBodyField);
