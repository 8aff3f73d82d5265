using Google.Api;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>The HTTP rules of one service config file, in the file's order.</summary>
internal sealed record ServiceConfigHttpRules(string Source, IReadOnlyList<HttpRule> Rules);
