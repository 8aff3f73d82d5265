using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace LongRunningService.Protocol.Reflection;

/// <summary>
/// What server reflection can tell, worked out once from the served services'
/// descriptors: every file they reach through imports (google/api, google/rpc,
/// google/type and google/protobuf included, so that a client can build any
/// request) and the files of common <c>Any</c> payloads, each with its import
/// closure, and the symbols and extensions those files declare.
/// </summary>
internal sealed class ServerReflectionIndex
{
    private readonly FrozenDictionary<string, IReadOnlyList<ByteString>> _closuresByFile;
    private readonly FrozenDictionary<string, string> _filesBySymbol;
    private readonly FrozenDictionary<(string Extendee, int Number), string> _filesByExtension;
    private readonly FrozenDictionary<string, int[]> _extensionNumbersByType;

    private ServerReflectionIndex(IReadOnlyList<ServiceDescriptor> services, IReadOnlyList<FileDescriptor> files)
    {
        ServiceNames = services.Select(s => s.FullName).ToArray();

        var symbols = new Dictionary<string, string>(StringComparer.Ordinal);
        var extensions = new Dictionary<(string, int), string>();
        var extensionNumbers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            // A name declared twice would have failed when the descriptors were built; the first wins regardless.
            foreach (var symbol in DescriptorSymbols.Declared(file))
            {
                symbols.TryAdd(symbol, file.Name);
            }

            foreach (var message in DescriptorSymbols.MessageTypes(file))
            {
                extensionNumbers.TryAdd(message.FullName, []);
            }

            foreach (var extension in DescriptorSymbols.Extensions(file))
            {
                extensions.TryAdd((extension.ExtendeeType.FullName, extension.FieldNumber), file.Name);
            }
        }

        foreach (var (extendee, number) in extensions.Keys)
        {
            // The extendee's file is an import of the extension's file, so it is indexed too.
            extensionNumbers[extendee].Add(number);
        }

        _closuresByFile = files.ToFrozenDictionary(f => f.Name, Closure, StringComparer.Ordinal);
        _filesBySymbol = symbols.ToFrozenDictionary(StringComparer.Ordinal);
        _filesByExtension = extensions.ToFrozenDictionary();
        _extensionNumbersByType = extensionNumbers.ToFrozenDictionary(e => e.Key, e => e.Value.Order().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Files served besides the services' own closures: every well-known type and
    /// google.rpc's error details. Clients pack them into <c>Any</c> fields
    /// (<c>Operation.response</c>, <c>google.rpc.Status.details</c>) where no method
    /// names them, and resolve the type URL through reflection to read or write the payload.
    /// </summary>
    public static IReadOnlyList<FileDescriptor> PayloadFiles { get; } =
    [
        AnyReflection.Descriptor,
        ApiReflection.Descriptor,
        DurationReflection.Descriptor,
        EmptyReflection.Descriptor,
        FieldMaskReflection.Descriptor,
        SourceContextReflection.Descriptor,
        StructReflection.Descriptor,
        TimestampReflection.Descriptor,
        TypeReflection.Descriptor,
        WrappersReflection.Descriptor,
        DescriptorReflection.Descriptor,
        Google.Rpc.CodeReflection.Descriptor,
        Google.Rpc.ErrorDetailsReflection.Descriptor,
    ];

    /// <summary>The served services' full names, in registration order.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    /// <summary>Indexes the services' files and their imports, then <see cref="PayloadFiles"/>.</summary>
    public static ServerReflectionIndex Build(IReadOnlyList<ServiceDescriptor> services)
    {
        var files = new List<FileDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in services.Select(s => s.File).Concat(PayloadFiles))
        {
            AddImportsFirst(file, files, seen);
        }

        return new ServerReflectionIndex(services, files);
    }

    /// <summary>
    /// The serialized FileDescriptorProtos of a file and of every file it imports,
    /// directly or not: the file first, and every file before the files it imports.
    /// Null when no served file has that name.
    /// </summary>
    public IReadOnlyList<ByteString>? FindFileByName(string fileName) =>
        _closuresByFile.GetValueOrDefault(fileName);

    /// <summary>As <see cref="FindFileByName"/>, for the file that declares a fully-qualified symbol.</summary>
    public IReadOnlyList<ByteString>? FindFileContainingSymbol(string symbol) =>
        _filesBySymbol.TryGetValue(symbol, out var file) ? _closuresByFile[file] : null;

    /// <summary>As <see cref="FindFileByName"/>, for the file that declares an extension of a message type.</summary>
    public IReadOnlyList<ByteString>? FindFileContainingExtension(string extendee, int number) =>
        _filesByExtension.TryGetValue((extendee, number), out var file) ? _closuresByFile[file] : null;

    /// <summary>The field numbers of every known extension of a message type, ascending; null when the message type is unknown.</summary>
    public IReadOnlyList<int>? FindExtensionNumbers(string messageType) =>
        _extensionNumbersByType.GetValueOrDefault(messageType);

    // Clients such as grpcurl and buf curl build their descriptor pool from one answer, so an
    // answer carries everything the file needs, not only the file. Reverse post-order puts the
    // file first and each file ahead of its imports: read back to front, imports always come
    // before the files that need them, which is the order a descriptor pool is built in.
    private static IReadOnlyList<ByteString> Closure(FileDescriptor file)
    {
        var importsFirst = new List<FileDescriptor>();
        AddImportsFirst(file, importsFirst, new HashSet<string>(StringComparer.Ordinal));
        importsFirst.Reverse();
        return importsFirst.Select(f => f.SerializedData).ToArray();
    }

    private static void AddImportsFirst(FileDescriptor file, List<FileDescriptor> files, HashSet<string> seen)
    {
        if (!seen.Add(file.Name))
        {
            return;
        }

        foreach (var import in file.Dependencies)
        {
            AddImportsFirst(import, files, seen);
        }

        files.Add(file);
    }
}
