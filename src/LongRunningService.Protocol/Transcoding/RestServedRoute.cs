using Google.Api;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// A binding as JSON transcoding serves it: the rule it is given (the binding's,
/// with variables over literals written as those literals) and the values those
/// variables set.
/// </summary>
internal sealed record RestServedRoute(RestBinding Binding, HttpRule Rule, IReadOnlyList<KeyValuePair<string, string>> Constants);
