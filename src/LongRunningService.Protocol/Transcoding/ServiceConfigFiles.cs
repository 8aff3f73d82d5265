namespace LongRunningService.Protocol.Transcoding;

/// <summary>Finds the service config files <see cref="RestTranscodingOptions.ServiceConfigs"/> names.</summary>
internal static class ServiceConfigFiles
{
    /// <summary>The folder next to the application that holds the default configs.</summary>
    public const string DefaultFolder = "config";

    public static IReadOnlyList<string> Resolve(RestTranscodingOptions options, string contentRoot)
    {
        if (options.ServiceConfigs is null)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, DefaultFolder);
            return Directory.Exists(folder)
                ? Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToArray()
                : [];
        }

        var files = new List<string>();
        foreach (var configured in options.ServiceConfigs)
        {
            var path = Path.GetFullPath(configured, contentRoot);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"{RestTranscodingOptions.SectionName}:{nameof(RestTranscodingOptions.ServiceConfigs)} names '{configured}', which is not a file.");
            }

            files.Add(path);
        }

        return files;
    }
}
