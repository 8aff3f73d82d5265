using Google.Api;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// The HTTP rules of one service config file, in the file's order, and the
/// config's <c>name</c>: the API it describes (e.g. <c>aiplatform.googleapis.com</c>),
/// or null when the file names none.
/// </summary>
internal sealed record ServiceConfigHttpRules(string Source, IReadOnlyList<HttpRule> Rules, string? Name = null);
