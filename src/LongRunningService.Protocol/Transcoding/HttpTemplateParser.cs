namespace LongRunningService.Protocol.Transcoding;

/// <summary>
/// Parses the path templates of <c>google.api.HttpRule</c> (google/api/http.proto):
/// <code>
/// Template = "/" Segments [ Verb ] ;
/// Segments = Segment { "/" Segment } ;
/// Segment  = "*" | "**" | LITERAL | Variable ;
/// Variable = "{" FieldPath [ "=" Segments ] "}" ;
/// FieldPath = IDENT { "." IDENT } ;
/// Verb     = ":" LITERAL ;
/// </code>
/// Rules the grammar leaves to prose, enforced here: <c>**</c> may only be the
/// last segment (a verb may follow it), a variable holds no other variable,
/// <c>{var}</c> means <c>{var=*}</c>, and a field is bound once per template.
/// Failures throw <see cref="FormatException"/> with a short message; the
/// binding builder adds the method and template around it.
/// </summary>
internal sealed class HttpTemplateParser
{
    private readonly string _text;
    private readonly List<HttpTemplateSegment> _segments = [];
    private readonly List<HttpTemplateVariable> _variables = [];
    private int _position;
    private bool _inVariable;
    private string? _verb;

    private HttpTemplateParser(string text)
    {
        _text = text;
    }

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private bool AtEnd => _position >= _text.Length;

    public static HttpTemplate Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parser = new HttpTemplateParser(template);
        parser.ParseTemplate();
        return new HttpTemplate(template, parser._segments.ToArray(), parser._variables.ToArray(), parser._verb);
    }

    // Template = "/" Segments [ Verb ] ;
    private void ParseTemplate()
    {
        if (Current != '/')
        {
            throw new FormatException("A path template must start with '/'.");
        }

        _position++;
        ParseSegments();
        if (Current == ':')
        {
            ParseVerb();
        }

        if (!AtEnd)
        {
            throw Current == '}'
                ? new FormatException($"Unexpected '}}' at position {_position}.")
                : new FormatException($"Unexpected '{Current}' at position {_position}.");
        }
    }

    // Segments = Segment { "/" Segment } ;
    private void ParseSegments()
    {
        ParseSegment();
        while (Current == '/')
        {
            _position++;
            ParseSegment();
        }
    }

    // Segment = "*" | "**" | LITERAL | Variable ;
    private void ParseSegment()
    {
        if (_segments.Count > 0 && _segments[^1].Kind == HttpTemplateSegmentKind.CatchAll)
        {
            throw new FormatException("'**' must be the last segment.");
        }

        switch (Current)
        {
            case '*':
                ParseWildcard();
                break;
            case '{':
                ParseVariable();
                break;
            default:
                ParseLiteral();
                break;
        }
    }

    // "*" | "**"
    private void ParseWildcard()
    {
        var catchAll = _position + 1 < _text.Length && _text[_position + 1] == '*';
        _position += catchAll ? 2 : 1;
        EnsureSegmentEnds("'*' must be a whole segment.");
        _segments.Add(catchAll ? HttpTemplateSegment.CatchAll : HttpTemplateSegment.Wildcard);
    }

    // LITERAL: the characters up to the next '/', ':', '}' or the end.
    private void ParseLiteral()
    {
        var literal = ReadLiteral();
        if (literal.Length == 0)
        {
            throw new FormatException($"Empty segment at position {_position}.");
        }

        EnsureSegmentEnds("A variable must be a whole segment.");
        _segments.Add(new HttpTemplateSegment(HttpTemplateSegmentKind.Literal, literal));
    }

    // Variable = "{" FieldPath [ "=" Segments ] "}" ;
    private void ParseVariable()
    {
        if (_inVariable)
        {
            throw new FormatException("Variable can't be nested.");
        }

        _inVariable = true;
        _position++;
        var fieldPath = ParseFieldPath();
        var start = _segments.Count;
        if (Current == '=')
        {
            _position++;
            ParseSegments();
        }
        else
        {
            _segments.Add(HttpTemplateSegment.Wildcard);
        }

        if (Current != '}')
        {
            throw AtEnd
                ? new FormatException($"Variable '{fieldPath}' is missing its closing '}}'.")
                : new FormatException($"Unexpected '{Current}' in variable '{fieldPath}' at position {_position}.");
        }

        _position++;
        _inVariable = false;
        if (_variables.Exists(v => v.FieldPath == fieldPath))
        {
            throw new FormatException($"Field '{fieldPath}' is bound more than once.");
        }

        var endsWithCatchAll = _segments[^1].Kind == HttpTemplateSegmentKind.CatchAll;
        _variables.Add(new HttpTemplateVariable(fieldPath, start, _segments.Count, endsWithCatchAll));
        EnsureSegmentEnds("A variable must be a whole segment.");
    }

    // FieldPath = IDENT { "." IDENT } ;  IDENT = letter or '_', then letters, digits, '_'.
    private string ParseFieldPath()
    {
        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '.'))
        {
            _position++;
        }

        var path = _text[start.._position];
        if (path.Length == 0)
        {
            throw new FormatException($"Variable at position {start - 1} has no field path.");
        }

        foreach (var ident in path.Split('.'))
        {
            if (ident.Length == 0 || char.IsAsciiDigit(ident[0]))
            {
                throw new FormatException($"Field path '{path}' is not valid.");
            }
        }

        return path;
    }

    // Verb = ":" LITERAL ;
    private void ParseVerb()
    {
        _position++;
        var verb = ReadLiteral();
        if (verb.Length == 0)
        {
            throw new FormatException("The verb after ':' is empty.");
        }

        if (!AtEnd)
        {
            throw new FormatException("The verb must be the last part of the template.");
        }

        _verb = verb;
    }

    private string ReadLiteral()
    {
        var start = _position;
        while (!AtEnd && Current is not ('/' or ':' or '{' or '}' or '*' or '='))
        {
            if (Current is '?' or '#' or '%' || char.IsWhiteSpace(Current) || char.IsControl(Current))
            {
                throw new FormatException($"Character '{Current}' at position {_position} is not allowed in a path template.");
            }

            _position++;
        }

        return _text[start.._position];
    }

    // After a segment: '/', a verb's ':', the end, or (inside a variable) its '}'.
    private void EnsureSegmentEnds(string message)
    {
        switch (Current)
        {
            case '\0' when AtEnd:
            case '/':
            case ':':
                return;
            case '}' when _inVariable:
                return;
            case '}':
                throw new FormatException($"Unexpected '}}' at position {_position}.");
            case '=':
                throw new FormatException($"Unexpected '=' at position {_position}.");
            case '*':
                throw new FormatException("'*' must be a whole segment.");
            default:
                throw new FormatException(message);
        }
    }
}
