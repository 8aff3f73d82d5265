namespace LongRunningService.Operations.Filtering;

/// <summary>
/// Recursive-descent parser for AIP-160 filters (https://google.aip.dev/160) that binds each
/// restriction to the schema as it goes, so the result is a ready-to-run node tree.
/// </summary>
/// <remarks>
/// Grammar (AIP-160, without functions and global restrictions):
/// <code>
/// filter      : [expression]
/// expression  : sequence {WS AND WS sequence}
/// sequence    : factor {WS factor}
/// factor      : term {WS OR WS term}
/// term        : [(NOT WS | MINUS)] simple
/// simple      : restriction | composite
/// restriction : comparable [comparator arg]
/// comparable  : member
/// composite   : LPAREN expression RPAREN
/// arg         : STRING | TEXT
/// </code>
/// Note that OR binds tighter than AND and adjacency, the reverse of most languages.
/// </remarks>
internal sealed class FilterParser<T>
{
    public const int MaxDepth = 50;

    private readonly FilterScanner _scanner;
    private readonly FilterSchema<T> _schema;

    // The last keyword or punctuation consumed, for "Filter ends unexpectedly after ..." messages.
    private string _previous = string.Empty;
    private int _depth;

    private FilterParser(string text, FilterSchema<T> schema)
    {
        _scanner = new FilterScanner(text);
        _schema = schema;
    }

    // filter : [expression]
    // The caller handles the empty filter, so an expression must be here.
    public static FilterNode<T> Parse(string text, FilterSchema<T> schema)
    {
        var parser = new FilterParser<T>(text, schema);
        var node = parser.ParseExpression();
        parser._scanner.SkipWhitespace();
        if (!parser._scanner.IsAtEnd)
        {
            // ParseExpression stops only at the end or at a ')' that opened nothing.
            throw parser.UnexpectedHere();
        }

        return node;
    }

    // expression : sequence {WS AND WS sequence}
    private FilterNode<T> ParseExpression()
    {
        var sequences = new List<FilterNode<T>> { ParseSequence() };
        while (TryConsumeKeyword("AND"))
        {
            sequences.Add(ParseSequence());
        }

        return sequences.Count == 1 ? sequences[0] : new AndNode<T>([.. sequences]);
    }

    // sequence : factor {WS factor}
    // Factors side by side are ANDed (AIP-160: "a b" means "a AND b").
    private FilterNode<T> ParseSequence()
    {
        var factors = new List<FilterNode<T>> { ParseFactor() };
        while (true)
        {
            _scanner.SkipWhitespace();
            if (_scanner.IsAtEnd || _scanner.IsAt(')') || _scanner.IsAtKeyword("AND"))
            {
                break;
            }

            factors.Add(ParseFactor());
        }

        return factors.Count == 1 ? factors[0] : new AndNode<T>([.. factors]);
    }

    // factor : term {WS OR WS term}
    private FilterNode<T> ParseFactor()
    {
        var terms = new List<FilterNode<T>> { ParseTerm() };
        while (TryConsumeKeyword("OR"))
        {
            terms.Add(ParseTerm());
        }

        return terms.Count == 1 ? terms[0] : new OrNode<T>([.. terms]);
    }

    // term : [(NOT WS | MINUS)] simple
    private FilterNode<T> ParseTerm()
    {
        _scanner.SkipWhitespace();
        if (TryConsumeKeyword("NOT"))
        {
            return new NotNode<T>(ParseSimple());
        }

        if (_scanner.IsAt('-'))
        {
            _scanner.Advance();
            _previous = "-";
            return new NotNode<T>(ParseSimple());
        }

        return ParseSimple();
    }

    // simple : restriction | composite
    private FilterNode<T> ParseSimple()
    {
        _scanner.SkipWhitespace();
        if (_scanner.IsAtEnd)
        {
            throw FilterErrors.EndsAfter(_previous);
        }

        if (_scanner.IsAt('('))
        {
            return ParseComposite();
        }

        // The grammar allows one NOT per term, and AND/OR need a term on both sides.
        if (_scanner.IsAtKeyword("AND") || _scanner.IsAtKeyword("OR") || _scanner.IsAtKeyword("NOT"))
        {
            throw UnexpectedHere();
        }

        if (_scanner.IsAtWordStart())
        {
            return ParseRestriction();
        }

        if (_scanner.IsAtQuote())
        {
            // AIP-160 global restrictions (a bare value searched across all fields) are not supported.
            var start = _scanner.Position;
            _scanner.ReadQuoted();
            throw FilterErrors.ValueWithoutField(_scanner.Slice(start, _scanner.Position), start);
        }

        throw UnexpectedHere();
    }

    // composite : LPAREN expression RPAREN
    private FilterNode<T> ParseComposite()
    {
        var open = _scanner.Position;

        // Each level costs a few stack frames; the cap keeps hostile input from overflowing the stack.
        if (++_depth > MaxDepth)
        {
            throw FilterErrors.TooDeep(MaxDepth, open);
        }

        _scanner.Advance();
        _previous = "(";
        var node = ParseExpression();
        _scanner.SkipWhitespace();
        if (_scanner.IsAtEnd)
        {
            throw FilterErrors.Unclosed(open);
        }

        // ParseExpression stops only at the end or at ')'.
        _scanner.Advance();
        _depth--;
        return node;
    }

    // restriction : comparable [comparator arg]
    // comparable  : member
    private FilterNode<T> ParseRestriction()
    {
        var member = _scanner.ReadMember();
        if (_scanner.IsAt('('))
        {
            throw FilterErrors.FunctionCall(member.Path, member.Position);
        }

        _scanner.SkipWhitespace();
        var comparatorPosition = _scanner.Position;
        if (!_scanner.TryReadComparator(out var comparator))
        {
            RejectMiswrittenKeyword(member);
            return _schema.Bind(new FilterRestriction(member, null, null));
        }

        if (comparator == FilterComparator.Equal && _scanner.IsAt('='))
        {
            throw FilterErrors.DoubleEquals(comparatorPosition);
        }

        _previous = comparator.ToSymbol();
        _scanner.SkipWhitespace();
        var value = ParseArg();
        return _schema.Bind(new FilterRestriction(member, comparator, value));
    }

    // arg : STRING | TEXT
    // AIP-160 also allows a composite or a function call here; neither is supported.
    private FilterValue ParseArg()
    {
        if (_scanner.IsAtEnd)
        {
            throw FilterErrors.EndsAfter(_previous);
        }

        if (_scanner.IsAt('('))
        {
            throw FilterErrors.GroupedValue(_scanner.Position);
        }

        if (_scanner.IsAtQuote())
        {
            return _scanner.ReadQuoted();
        }

        if (!_scanner.IsAtBareValue())
        {
            throw UnexpectedHere();
        }

        var value = _scanner.ReadBare();
        if (_scanner.IsAt('('))
        {
            throw FilterErrors.FunctionCall(value.Text, value.Position);
        }

        return value;
    }

    // "a and b" would otherwise read as three bare fields ANDed together and fail on the field
    // 'and'; naming the real mistake is kinder.
    private void RejectMiswrittenKeyword(FilterMember member)
    {
        if (member.Segments.Count != 1)
        {
            return;
        }

        var word = member.Segments[0];
        var isKeyword = string.Equals(word, "AND", StringComparison.OrdinalIgnoreCase)
            || string.Equals(word, "OR", StringComparison.OrdinalIgnoreCase)
            || string.Equals(word, "NOT", StringComparison.OrdinalIgnoreCase);
        if (isKeyword && !_schema.HasField(word))
        {
            throw FilterErrors.KeywordCase(word, member.Position);
        }
    }

    private bool TryConsumeKeyword(string keyword)
    {
        _scanner.SkipWhitespace();
        if (!_scanner.TryConsumeKeyword(keyword))
        {
            return false;
        }

        _previous = keyword;
        return true;
    }

    private FilterException UnexpectedHere() =>
        FilterErrors.Unexpected(_scanner.DescribeAt(_scanner.Position), _scanner.Position);
}
