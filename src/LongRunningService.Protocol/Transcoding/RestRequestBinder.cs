using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Builds a method's request message from a REST request, through the
/// descriptors resolved at start-up: first the body (per the rule's
/// <c>body</c>), then the query string, then the path variables, so a value
/// in the path wins over the same field anywhere else. System parameters in
/// the query string set the response format instead of fields.
/// </summary>
internal static class RestRequestBinder
{
    private static readonly char[] JsonWhitespace = [' ', '\t', '\r', '\n'];

    public static IMessage Bind(
        RestRoute route,
        string? body,
        IQueryCollection query,
        string[] pathValues,
        RestJson json,
        ref RestResponseFormat format)
    {
        var message = ReadBody(route, body, json);
        foreach (var (name, values) in query)
        {
            if (name.StartsWith('$') || !TrySetFromQuery(message, name, values, json))
            {
                if (!RestSystemParameters.TryApply(name, values, ref format))
                {
                    throw RestProtocolErrors.UnknownQueryParameter(name);
                }
            }
        }

        for (var i = 0; i < pathValues.Length; i++)
        {
            var fields = route.VariableFields[i];
            var leaf = fields[^1];
            var value = RestFieldValues.Parse(leaf, pathValues[i], route.Template.Variables[i].FieldPath, json.Parser);
            leaf.Accessor.SetValue(Descend(message, fields), value);
        }

        return message;
    }

    public static IMessage NewMessage(MessageDescriptor type) => type.Parser.ParseFrom(ReadOnlySpan<byte>.Empty);

    private static IMessage ReadBody(RestRoute route, string? body, RestJson json)
    {
        var input = route.Method.InputType;
        var content = body.AsSpan().Trim(JsonWhitespace);
        if (body is null || content.IsEmpty)
        {
            // Python's clients send no body at all to POST ...:cancel.
            return NewMessage(input);
        }

        if (route.BodyKind != RestBodyKind.Field && content.SequenceEqual("{}"))
        {
            // Node's and Java's clients send {} instead; the parser would only build the same empty message.
            return NewMessage(input);
        }

        return route.BodyKind switch
        {
            RestBodyKind.Field => ParseJson(json, "{\"" + route.BodyField!.JsonName + "\":" + body + "}", input),

            // body "*", and also a body sent to a rule without one: Node's Operations client keeps operations.proto's
            // body "*" when a service config rebinds :cancel without a body, and sends {}; Google's servers take it.
            _ => ParseJson(json, body, input),
        };
    }

    private static IMessage ParseJson(RestJson json, string text, MessageDescriptor type)
    {
        const string unknownField = "Unknown field: ";
        try
        {
            return json.Parse(text, type);
        }
        catch (InvalidProtocolBufferException exception) when (exception.Message.StartsWith(unknownField, StringComparison.Ordinal))
        {
            throw RestProtocolErrors.UnknownJsonField(exception.Message[unknownField.Length..]);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw RestProtocolErrors.InvalidJson(exception.Message);
        }
        catch (InvalidOperationException exception) when (exception.Message.StartsWith("Type registry", StringComparison.Ordinal))
        {
            // An Any whose @type this server has no descriptor for.
            throw RestProtocolErrors.InvalidJson(exception.Message);
        }
    }

    private static bool TrySetFromQuery(IMessage message, string name, Microsoft.Extensions.Primitives.StringValues values, RestJson json)
    {
        var type = message.Descriptor;
        var target = message;
        FieldDescriptor? field = null;
        foreach (var part in name.Split('.'))
        {
            if (field is not null)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated || IsWrapper(field.MessageType))
                {
                    throw RestProtocolErrors.UnsupportedQueryParameter(name, $"'{field.Name}' has no fields to set");
                }

                target = ChildOf(target, field);
                type = field.MessageType;
            }

            field = RestFieldNames.Find(type, part);
            if (field is null)
            {
                if (target == message)
                {
                    // Not a field of the request at all: maybe a system parameter.
                    return false;
                }

                throw RestProtocolErrors.UnknownQueryParameter(name);
            }
        }

        if (field!.IsMap)
        {
            throw RestProtocolErrors.UnsupportedQueryParameter(name, "map fields cannot be set from a query string");
        }

        if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(target);
            foreach (var value in values)
            {
                list.Add(RestFieldValues.Parse(field, value ?? string.Empty, name, json.Parser));
            }

            return true;
        }

        if (values.Count > 1)
        {
            throw RestProtocolErrors.RepeatedSingularParameter(name, values.Count);
        }

        field.Accessor.SetValue(target, RestFieldValues.Parse(field, values[0] ?? string.Empty, name, json.Parser));
        return true;
    }

    // The message a field path ends in, creating the messages on the way.
    private static IMessage Descend(IMessage message, FieldDescriptor[] fields)
    {
        var target = message;
        for (var i = 0; i < fields.Length - 1; i++)
        {
            target = ChildOf(target, fields[i]);
        }

        return target;
    }

    private static IMessage ChildOf(IMessage parent, FieldDescriptor field)
    {
        if (field.Accessor.GetValue(parent) is IMessage child)
        {
            return child;
        }

        child = NewMessage(field.MessageType);
        field.Accessor.SetValue(parent, child);
        return child;
    }

    private static bool IsWrapper(MessageDescriptor type) =>
        type.File == Google.Protobuf.WellKnownTypes.WrappersReflection.Descriptor;
}
