using System.Collections.Concurrent;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// The descriptors JSON transcoding reads the HTTP rules from. JSON transcoding
/// takes a method's bindings from its <c>google.api.http</c> option only; the
/// bindings served here also come from service configs and lose the paths an
/// arbiter gave to another API. So each file whose methods are served with
/// other bindings than its annotations say is rebuilt at start-up with exactly
/// the served rules in its methods' options, over the same generated CLR types;
/// files whose bindings are their annotations are used as they are. Copies are
/// shared by every host in the process that serves the same rules.
/// </summary>
internal static class TranscodedDescriptors
{
    private static readonly ConcurrentDictionary<string, FileDescriptor> Copies = new(StringComparer.Ordinal);

    /// <summary>For each served service, the descriptor whose method options carry exactly its served bindings.</summary>
    public static IReadOnlyDictionary<ServiceDescriptor, ServiceDescriptor> Build(
        IEnumerable<ServiceDescriptor> services, IEnumerable<(MethodDescriptor Method, HttpRule Rule)> bindings)
    {
        var rules = bindings
            .GroupBy(b => b.Method)
            .ToDictionary(g => g.Key, g => Combine(g.Select(b => b.Rule)));
        var result = new Dictionary<ServiceDescriptor, ServiceDescriptor>();
        foreach (var file in services.GroupBy(s => s.File))
        {
            var served = file.ToHashSet();
            var copy = NeedsCopy(served, rules) ? CopyOf(file.Key, served, rules) : file.Key;
            foreach (var service in served)
            {
                result.Add(service, copy.Services.Single(s => s.FullName == service.FullName));
            }
        }

        return result;
    }

    // One rule per method: the first binding, the others as its additional bindings.
    private static HttpRule Combine(IEnumerable<HttpRule> bindings)
    {
        HttpRule? first = null;
        foreach (var binding in bindings)
        {
            if (first is null)
            {
                first = binding.Clone();
            }
            else
            {
                first.AdditionalBindings.Add(binding);
            }
        }

        return first!;
    }

    private static bool NeedsCopy(HashSet<ServiceDescriptor> served, Dictionary<MethodDescriptor, HttpRule> rules) =>
        served.SelectMany(s => s.Methods).Any(m => !Equals(AnnotationOf(m), rules.GetValueOrDefault(m)));

    private static HttpRule? AnnotationOf(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        if (rule is null)
        {
            return null;
        }

        rule = rule.Clone();
        rule.Selector = string.Empty;
        return rule;
    }

    private static FileDescriptor CopyOf(FileDescriptor file, HashSet<ServiceDescriptor> served, Dictionary<MethodDescriptor, HttpRule> rules)
    {
        var proto = file.ToProto();
        foreach (var service in file.Services)
        {
            var serviceProto = proto.Service[service.Index];
            foreach (var method in service.Methods)
            {
                var methodProto = serviceProto.Method[method.Index];
                var rule = served.Contains(service) ? rules.GetValueOrDefault(method) : null;
                if (rule is not null)
                {
                    methodProto.Options ??= new MethodOptions();
                    methodProto.Options.SetExtension(AnnotationsExtensions.Http, rule);
                }
                else
                {
                    methodProto.Options?.ClearExtension(AnnotationsExtensions.Http);
                }
            }
        }

        // The rules are read back as the http extension, which the copy knows only if it imports its file.
        FileDescriptor[] dependencies = [.. file.Dependencies];
        if (!dependencies.Contains(AnnotationsReflection.Descriptor))
        {
            proto.Dependency.Add(AnnotationsReflection.Descriptor.Name);
            dependencies = [.. dependencies, AnnotationsReflection.Descriptor];
        }

        var bytes = proto.ToByteString();
        return Copies.GetOrAdd(
            file.Name + "\n" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes.Span)),
            _ => FileDescriptor.FromGeneratedCode(bytes.ToByteArray(), dependencies, ClrInfoOf(file)));
    }

    // What the file's generated code tells the runtime about its CLR types, read back from its descriptor.
    private static GeneratedClrTypeInfo ClrInfoOf(FileDescriptor file) =>
        new(
            file.EnumTypes.Select(e => e.ClrType).ToArray(),
            file.Extensions.UnorderedExtensions.Select(e => e.Extension).ToArray(),
            file.MessageTypes.Select(ClrInfoOf).ToArray());

    private static GeneratedClrTypeInfo? ClrInfoOf(MessageDescriptor message)
    {
        if (message.IsMapEntry)
        {
            return null;
        }

        var type = message.ClrType;
        return new GeneratedClrTypeInfo(
            type,
            message.Parser,
            message.Fields.InDeclarationOrder().Select(f => f.PropertyName).ToArray(),
            message.Oneofs.Select(o => OneofClrName(type, o)).ToArray(),
            message.EnumTypes.Select(e => e.ClrType).ToArray(),
            message.Extensions.UnorderedExtensions.Select(e => e.Extension).ToArray(),
            message.NestedTypes.Select(ClrInfoOf).ToArray());
    }

    // protoc's C# name of a oneof: its name in PascalCase, with a {Name}Case property.
    private static string OneofClrName(Type type, OneofDescriptor oneof)
    {
        var name = new System.Text.StringBuilder();
        var upper = true;
        foreach (var c in oneof.Name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            name.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = char.IsDigit(c);
        }

        var clrName = name.ToString();
        if (!oneof.IsSynthetic && type.GetProperty(clrName + "Case") is null)
        {
            throw new InvalidOperationException($"Cannot find the CLR name of oneof '{oneof.FullName}' on {type.FullName}.");
        }

        return clrName;
    }
}
