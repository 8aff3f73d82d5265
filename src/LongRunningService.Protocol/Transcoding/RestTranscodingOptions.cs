namespace LongRunningService.Protocol.Transcoding;

/// <summary>REST (HTTP/JSON) through JSON transcoding, bound from the <c>Transcoding</c> configuration section.</summary>
public sealed class RestTranscodingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Transcoding";

    /// <summary>
    /// Service config files (google.api.Service YAML) whose <c>http.rules</c> add
    /// REST bindings to the served methods, e.g. Vertex AI's Operations paths.
    /// Relative paths are resolved against the content root. Default null: every
    /// <c>*.yaml</c> file in the <c>config</c> folder next to the application, in
    /// file-name order (none if the folder is missing). An empty list loads none.
    /// </summary>
    public List<string>? ServiceConfigs { get; set; }

    /// <summary>
    /// Responses of at least this many bytes are gzip-compressed for clients that
    /// send <c>Accept-Encoding: gzip</c>. Default 1024; null never compresses.
    /// </summary>
    public int? GzipMinimumSize { get; set; } = 1024;
}
