using System.Text;

namespace LongRunningService.Operations.Filtering;

/// <summary>
/// Reads the characters of one filter for <see cref="FilterParser{T}"/>. There is no separate
/// token stream because what a character means depends on where the parser is: ':' is the has
/// operator after a field but part of a bare timestamp such as 2024-01-01T00:00:00Z after one.
/// </summary>
internal sealed class FilterScanner(string text)
{
    private readonly string _text = text;

    /// <summary>Zero-based index of the next unread character.</summary>
    public int Position { get; private set; }

    public bool IsAtEnd => Position >= _text.Length;

    public void SkipWhitespace()
    {
        while (!IsAtEnd && char.IsWhiteSpace(_text[Position]))
        {
            Position++;
        }
    }

    public bool IsAt(char c) => !IsAtEnd && _text[Position] == c;

    public bool IsAtQuote() => IsAt('"') || IsAt('\'');

    public bool IsAtWordStart() => !IsAtEnd && IsWordChar(_text[Position]);

    public bool IsAtBareValue() => !IsAtEnd && IsBareValueChar(_text[Position]);

    public void Advance()
    {
        Position++;
    }

    /// <summary>
    /// True when a keyword (AND, OR, NOT) starts here as a whole word. Keywords are case-sensitive
    /// (AIP-160), and "ANDROID" or "NOT_SET" are words of their own, not a keyword and a rest.
    /// </summary>
    public bool IsAtKeyword(string keyword)
    {
        if (!_text.AsSpan(Position).StartsWith(keyword, StringComparison.Ordinal))
        {
            return false;
        }

        var end = Position + keyword.Length;
        return end == _text.Length || !(IsMemberChar(_text[end]) || _text[end] == '.');
    }

    public bool TryConsumeKeyword(string keyword)
    {
        if (!IsAtKeyword(keyword))
        {
            return false;
        }

        Position += keyword.Length;
        return true;
    }

    // comparator : LESS_EQUALS | LESS_THAN | GREATER_EQUALS | GREATER_THAN | NOT_EQUALS | EQUALS | HAS
    public bool TryReadComparator(out FilterComparator comparator)
    {
        var rest = _text.AsSpan(Position);
        (comparator, var length) = rest switch
        {
            ['<', '=', ..] => (FilterComparator.LessOrEqual, 2),
            ['>', '=', ..] => (FilterComparator.GreaterOrEqual, 2),
            ['!', '=', ..] => (FilterComparator.NotEqual, 2),
            ['<', ..] => (FilterComparator.Less, 1),
            ['>', ..] => (FilterComparator.Greater, 1),
            ['=', ..] => (FilterComparator.Equal, 1),
            [':', ..] => (FilterComparator.Has, 1),
            _ => (default, 0),
        };
        Position += length;
        return length > 0;
    }

    // member : value {DOT field}
    // Segments after the first may be quoted so a map key can hold any character: labels."a.b".
    public FilterMember ReadMember()
    {
        var start = Position;
        var segments = new List<string> { ReadWhile(IsMemberChar) };
        while (IsAt('.'))
        {
            Position++;
            if (IsAtEnd)
            {
                throw FilterErrors.EndsAfter(".");
            }

            if (IsAtQuote())
            {
                segments.Add(ReadQuoted().Text);
                continue;
            }

            var segment = ReadWhile(IsMemberChar);
            if (segment.Length == 0)
            {
                throw FilterErrors.Unexpected(DescribeAt(Position), Position);
            }

            segments.Add(segment);
        }

        return new FilterMember(segments, start);
    }

    // TEXT : a run of letters, digits and _ - . * : + /, enough for names, enum values and
    // RFC 3339 timestamps without quotes. Every '*' in bare text is a wildcard.
    public FilterValue ReadBare()
    {
        var start = Position;
        var text = ReadWhile(IsBareValueChar);
        return new FilterValue(text, WildcardPattern.FromParts(text.Split('*')), start);
    }

    // STRING : '"' chars '"' | "'" chars "'", with backslash escapes. An unescaped '*' is a
    // wildcard and '\*' a literal star, so the pattern is built here, where that is still known.
    public FilterValue ReadQuoted()
    {
        var start = Position;
        var quote = _text[Position];
        Position++;
        var text = new StringBuilder();
        var part = new StringBuilder();
        var parts = new List<string>();
        while (true)
        {
            if (IsAtEnd)
            {
                throw FilterErrors.UnterminatedString(start);
            }

            var c = _text[Position];
            Position++;
            if (c == quote)
            {
                break;
            }

            if (c == '*')
            {
                text.Append(c);
                parts.Add(part.ToString());
                part.Clear();
                continue;
            }

            if (c == '\\')
            {
                if (IsAtEnd)
                {
                    throw FilterErrors.UnterminatedString(start);
                }

                if (!TryUnescape(_text[Position], out c))
                {
                    throw FilterErrors.UnknownEscape(_text[Position], Position - 1);
                }

                Position++;
            }

            text.Append(c);
            part.Append(c);
        }

        parts.Add(part.ToString());
        return new FilterValue(text.ToString(), WildcardPattern.FromParts(parts), start);
    }

    /// <summary>The text between two indexes, to quote the user's own input back in a message.</summary>
    public string Slice(int start, int end) => _text[start..end];

    /// <summary>What stands at <paramref name="index"/>, for "Unexpected ..." messages: a whole word or one character.</summary>
    public string DescribeAt(int index)
    {
        var c = _text[index];
        if (IsWordChar(c))
        {
            var end = index;
            while (end < _text.Length && IsWordChar(_text[end]))
            {
                end++;
            }

            return _text[index..end];
        }

        // Show a whole emoji or other astral character, not half of its surrogate pair.
        return char.IsHighSurrogate(c) && index + 1 < _text.Length ? _text.Substring(index, 2) : c.ToString();
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    // '-' is allowed inside a field path so map keys such as labels.cost-center can be named;
    // at the start of a term it is still the minus of negation, which the parser checks first.
    private static bool IsMemberChar(char c) => IsWordChar(c) || c == '-';

    private static bool IsBareValueChar(char c) => IsMemberChar(c) || c is '.' or '*' or ':' or '+' or '/';

    private static bool TryUnescape(char escaped, out char unescaped)
    {
        switch (escaped)
        {
            case '\\':
            case '"':
            case '\'':
                unescaped = escaped;
                return true;
            case '*':
                // Kept out of the pattern's wildcard split by the caller: this is a literal star.
                unescaped = '*';
                return true;
            case 'n':
                unescaped = '\n';
                return true;
            case 'r':
                unescaped = '\r';
                return true;
            case 't':
                unescaped = '\t';
                return true;
            default:
                unescaped = escaped;
                return false;
        }
    }

    private string ReadWhile(Func<char, bool> accept)
    {
        var start = Position;
        while (!IsAtEnd && accept(_text[Position]))
        {
            Position++;
        }

        return _text[start..Position];
    }
}
