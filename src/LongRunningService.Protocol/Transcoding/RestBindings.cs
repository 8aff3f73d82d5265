namespace LongRunningService.Protocol.Transcoding;

/// <summary>Every HTTP binding of the served methods, built once by <see cref="RestBindingBuilder"/>.</summary>
internal sealed record RestBindings(IReadOnlyList<RestBinding> Routes, IReadOnlyList<RestSharedRoute> Shared);
