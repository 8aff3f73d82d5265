namespace LongRunningService.Operations.Filtering;

/// <summary>The comparators of AIP-160: <c>= != &lt; &lt;= &gt; &gt;= :</c>.</summary>
internal enum FilterComparator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary>AIP-160 "has" (<c>:</c>): presence, containment or map key.</summary>
    Has,
}
