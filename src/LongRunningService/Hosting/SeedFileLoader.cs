using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using LongRunning.Emulator.V1;
using LongRunningService.Configuration;
using LongRunningService.Contracts;
using LongRunningService.Protocol.Grpc;
using LongRunningService.Protocol.Transcoding;
using LongRunningService.Services.Emulator;
using Microsoft.Extensions.Options;

namespace LongRunningService.Hosting;

/// <summary>
/// Loads <c>Emulator:SeedFile</c> (<c>--seed</c>) while the server is built, before
/// it listens, so the first client already sees its operations and jobs. A file
/// that cannot be read, parsed or loaded stops the start with one message naming
/// the file and, when one is at fault, the entry (its index and name).
/// </summary>
internal sealed partial class SeedFileLoader(
    IOptions<OperationsEmulatorOptions> options,
    RestJson json,
    EmulatorStateStore store,
    ILogger<SeedFileLoader> logger)
{
    private static readonly string[] Collections = ["operations", "jobs"];

    /// <exception cref="InvalidConfigurationException">The file is missing, unreadable, not an EmulatorState, or holds an entry the server refuses.</exception>
    public void Load()
    {
        if (options.Value.SeedFile is not { Length: > 0 } path)
        {
            return;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Fail(path, exception is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist." : $"it cannot be read: {exception.Message}");
        }

        using var document = ParseStructure(path, text);
        RequireUniqueNames(path, document.RootElement);
        var state = ParseState(path, text, document.RootElement);
        try
        {
            var loaded = store.Import(state, replace: false);
            Log.Seeded(logger, path, loaded.OperationsImported, loaded.JobsImported);
        }
        catch (global::Grpc.Core.RpcException exception)
        {
            throw Fail(path, $"{(Google.Rpc.Code)exception.StatusCode}: {exception.Status.Detail}");
        }
    }

    // JSON syntax first: a truncated or malformed file is named by line and position.
    private static JsonDocument ParseStructure(string path, string text)
    {
        try
        {
            var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = RestJson.MaxDepth + 1, CommentHandling = JsonCommentHandling.Disallow });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Fail(path, "it is not an EmulatorState: the file must hold one JSON object with \"operations\" and \"jobs\" arrays.");
            }

            return document;
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, position {(exception.BytePositionInLine ?? 0) + 1})" : string.Empty;
            var reason = text.TrimEnd().Length == 0 ? "the file is empty" : exception.Message.Split(" LineNumber:", 2)[0].TrimEnd();
            throw Fail(path, $"it is not valid JSON{where}: {reason}");
        }
    }

    // The store refuses a name given twice too, but without saying where; the file's index says which entry to fix.
    private static void RequireUniqueNames(string path, JsonElement root)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (collection, index, entry) in Entries(root))
        {
            if (NameOf(entry) is not { } name)
            {
                continue;
            }

            var here = $"{collection}[{index}]";
            if (seen.TryGetValue(name, out var first))
            {
                throw Fail(path, $"{here} '{ClientText.Prefix(name)}' has the name of {first}; each name may be given once.");
            }

            seen[name] = here;
        }
    }

    private EmulatorState ParseState(string path, string text, JsonElement root)
    {
        try
        {
            return (EmulatorState)json.Parse(text, EmulatorState.Descriptor);
        }
        catch (Exception exception) when (IsParseFailure(exception))
        {
            // Parse the entries one by one to name the first the parser refuses.
            foreach (var (collection, index, entry) in Entries(root))
            {
                try
                {
                    json.Parse($"{{\"{collection}\": [{entry.GetRawText()}]}}", EmulatorState.Descriptor);
                }
                catch (Exception entryException) when (IsParseFailure(entryException))
                {
                    var name = NameOf(entry) is { } entryName ? $" '{ClientText.Prefix(entryName)}'" : string.Empty;
                    throw Fail(path, $"{collection}[{index}]{name}: {Explain(entryException, collection, entry)}");
                }
            }

            throw Fail(path, $"it is not an EmulatorState: {exception.Message}");
        }
    }

    private static IEnumerable<(string Collection, int Index, JsonElement Entry)> Entries(JsonElement root)
    {
        foreach (var collection in Collections)
        {
            if (root.TryGetProperty(collection, out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (var (entry, index) in entries.EnumerateArray().Select((entry, index) => (entry, index)))
                {
                    yield return (collection, index, entry);
                }
            }
        }
    }

    private static bool IsParseFailure(Exception exception) =>
        exception is InvalidProtocolBufferException or InvalidJsonException or InvalidOperationException or FormatException;

    // The parser names an unknown enum value and its type; say which field has it and what it may be.
    private string Explain(Exception exception, string collection, JsonElement entry)
    {
        var match = InvalidEnum().Match(exception.Message);
        if (!match.Success)
        {
            return exception.Message;
        }

        var value = match.Groups["value"].Value;
        var root = collection == "jobs"
            ? TypeOf(entry) is { } typeName ? json.Registry.Find(typeName) : null
            : Google.LongRunning.Operation.Descriptor;
        var enumType = root is null ? null : FindEnum(root, match.Groups["type"].Value, []);
        var field = FindFieldWithValue(entry, value, string.Empty) ?? "a field";
        var allowed = enumType is null ? string.Empty : $", not one of {string.Join(", ", enumType.Values.Select(v => v.Name))}";
        return $"{field} is '{ClientText.Prefix(value)}'{allowed}.";
    }

    private static EnumDescriptor? FindEnum(MessageDescriptor message, string fullName, HashSet<string> visited)
    {
        if (!visited.Add(message.FullName))
        {
            return null;
        }

        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.Enum && field.EnumType.FullName == fullName)
            {
                return field.EnumType;
            }

            if (field.FieldType == FieldType.Message && FindEnum(field.MessageType, fullName, visited) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? TypeOf(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String
            && type.GetString() is { } url && url.LastIndexOf('/') is var slash and >= 0
            ? url[(slash + 1)..]
            : null;

    private static string? FindFieldWithValue(JsonElement element, string value, string prefix)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var here = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                    if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == value)
                    {
                        return here;
                    }

                    if (FindFieldWithValue(property.Value, value, here) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var here = $"{prefix}[{index++}]";
                    if (item.ValueKind == JsonValueKind.String && item.GetString() == value)
                    {
                        return here;
                    }

                    if (FindFieldWithValue(item, value, here) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? NameOf(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;

    private static InvalidConfigurationException Fail(string path, string problem) =>
        new($"Seed file '{path}' (Emulator:SeedFile, --seed) was not loaded: {problem}");

    [GeneratedRegex("^Invalid enum value: (?<value>.*) for enum type: (?<type>[A-Za-z0-9_.]+)")]
    private static partial Regex InvalidEnum();

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "Seeded from {Path}: {Operations} operations, {Jobs} jobs")]
        public static partial void Seeded(ILogger logger, string path, int operations, int jobs);
    }
}
