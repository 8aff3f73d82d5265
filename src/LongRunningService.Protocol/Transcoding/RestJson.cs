using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// The proto3 JSON parser and formatters of the REST layer, built once. Their
/// type registry holds every message of the served services' files and those
/// files' imports, plus the well-known types and google.rpc's error details,
/// so that an <c>Any</c> (operation metadata and results, error details)
/// prints and parses with its <c>@type</c>.
/// </summary>
internal sealed class RestJson
{
    private readonly JsonFormatter[] _formatters;

    public RestJson(IEnumerable<FileDescriptor> files)
    {
        // TypeRegistry.FromFiles walks each file's imports too.
        Registry = TypeRegistry.FromFiles(files.Concat(AlwaysKnown).ToArray());
        Parser = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(false).WithTypeRegistry(Registry));
        var settings = JsonFormatter.Settings.Default.WithTypeRegistry(Registry);
        _formatters =
        [
            new JsonFormatter(settings),
            new JsonFormatter(settings.WithFormatEnumsAsIntegers(true)),
            new JsonFormatter(settings.WithIndentation("  ")),
            new JsonFormatter(settings.WithFormatEnumsAsIntegers(true).WithIndentation("  ")),
        ];
    }

    public TypeRegistry Registry { get; }

    /// <summary>Strict: an unknown field is an error, as Google's servers answer.</summary>
    public JsonParser Parser { get; }

    private static IEnumerable<FileDescriptor> AlwaysKnown =>
    [
        AnyReflection.Descriptor,
        DurationReflection.Descriptor,
        EmptyReflection.Descriptor,
        FieldMaskReflection.Descriptor,
        StructReflection.Descriptor,
        TimestampReflection.Descriptor,
        WrappersReflection.Descriptor,
        Google.Rpc.ErrorDetailsReflection.Descriptor,
        Google.Rpc.StatusReflection.Descriptor,
    ];

    public JsonFormatter Formatter(RestResponseFormat format) =>
        _formatters[(format.EnumsAsIntegers ? 1 : 0) + (format.Pretty ? 2 : 0)];
}
