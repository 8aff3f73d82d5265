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

    /// <summary>Deepest nesting of JSON arrays and objects a request may have; deeper is refused before parsing.</summary>
    public const int MaxDepth = 100;

    public TypeRegistry Registry { get; }

    /// <summary>Strict: an unknown field is an error, as Google's servers answer.</summary>
    public JsonParser Parser { get; }

    /// <summary>The files whose types every server describes, whatever it serves.</summary>
    internal static IEnumerable<FileDescriptor> AlwaysKnown =>
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

    /// <summary>
    /// Parses with <see cref="Parser"/> after checking the nesting: the parser bounds
    /// nested messages but not the arrays of a <c>ListValue</c>, and thousands of
    /// them would exhaust the stack.
    /// </summary>
    /// <exception cref="FormatException">The JSON nests deeper than <see cref="MaxDepth"/>.</exception>
    public IMessage Parse(string json, MessageDescriptor type)
    {
        RequireDepth(json);
        return Parser.Parse(json, type);
    }

    // Counts open arrays and objects outside strings; the parser checks everything else.
    private static void RequireDepth(string json)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                if (++depth > MaxDepth)
                {
                    throw new FormatException($"The JSON nests arrays and objects deeper than {MaxDepth} levels.");
                }
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
        }
    }

    public JsonFormatter Formatter(RestResponseFormat format) =>
        _formatters[(format.EnumsAsIntegers ? 1 : 0) + (format.Pretty ? 2 : 0)];
}
