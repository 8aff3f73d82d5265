using LongRunningService.Operations.Filtering;

namespace LongRunningService.Tests.Filtering;

public sealed class FilterSchemaTests
{
    [Fact]
    public void FieldNames_AfterAdds_AreSortedOrdinally()
    {
        Assert.Equal(["create_time", "display_name", "done", "labels", "name", "state"], FilterTestJob.Schema.FieldNames);
    }

    [Fact]
    public void Parse_UnknownField_ThrowsNamingFieldAndSupportedFields()
    {
        var schema = new FilterSchema<FilterTestJob>().AddBool("done", job => job.Done);

        var error = Assert.Throws<FilterException>(() => Filter<FilterTestJob>.Parse("foo = 1", schema));

        Assert.Equal("Filter field 'foo' is not supported. Supported fields: done.", error.Message);
    }

    [Fact]
    public void Parse_SchemaWithoutFields_ThrowsSayingNothingIsFilterable()
    {
        var schema = new FilterSchema<FilterTestJob>();

        var error = Assert.Throws<FilterException>(() => Filter<FilterTestJob>.Parse("done", schema));

        Assert.Equal(
            "Filter field 'done' is not supported. This collection has no filterable fields; leave the filter empty.",
            error.Message);
    }

    [Fact]
    public void AddString_DuplicateName_Throws()
    {
        var schema = new FilterSchema<FilterTestJob>().AddString("name", job => job.Name);

        var error = Assert.Throws<ArgumentException>(() => schema.AddBool("name", job => job.Done));

        Assert.Equal("name", error.ParamName);
        Assert.StartsWith("Filter field 'name' is declared twice.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("display name")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("-a")]
    [InlineData("a(b)")]
    [InlineData("a=b")]
    [InlineData("AND")]
    [InlineData("NOT")]
    public void AddString_NameNoFilterCanWrite_Throws(string name)
    {
        var schema = new FilterSchema<FilterTestJob>();

        var error = Assert.Throws<ArgumentException>(() => schema.AddString(name, job => job.Name));

        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void AddX_NullGetter_Throws()
    {
        var schema = new FilterSchema<FilterTestJob>();

        Assert.Equal("getter", Assert.Throws<ArgumentNullException>(() => schema.AddString("a", null!)).ParamName);
        Assert.Equal("getter", Assert.Throws<ArgumentNullException>(() => schema.AddEnum("b", null!, ["X"])).ParamName);
        Assert.Equal("getter", Assert.Throws<ArgumentNullException>(() => schema.AddBool("c", null!)).ParamName);
        Assert.Equal("getter", Assert.Throws<ArgumentNullException>(() => schema.AddTimestamp("d", null!)).ParamName);
        Assert.Equal("getter", Assert.Throws<ArgumentNullException>(() => schema.AddMap("e", null!)).ParamName);
        Assert.Empty(schema.FieldNames);
    }

    [Fact]
    public void AddEnum_NoAllowedValues_Throws()
    {
        var schema = new FilterSchema<FilterTestJob>();

        var error = Assert.Throws<ArgumentException>(() => schema.AddEnum("state", job => job.State, []));

        Assert.Equal("allowedValues", error.ParamName);
    }

    [Fact]
    public void AddEnum_AllowedValuesChangedLater_KeepsTheOriginalCopy()
    {
        var values = new List<string> { "A", "B" };
        var schema = new FilterSchema<FilterTestJob>().AddEnum("state", job => job.State, values);
        values.Add("PIPELINE_STATE_RUNNING");

        var error = Assert.Throws<FilterException>(() => Filter<FilterTestJob>.Parse("state=PIPELINE_STATE_RUNNING", schema));

        Assert.Equal("Value 'PIPELINE_STATE_RUNNING' is not valid for field 'state'. Allowed values: A, B.", error.Message);
    }

    [Fact]
    public void Parse_DottedFieldName_MatchesThatField()
    {
        var schema = new FilterSchema<FilterTestJob>()
            .AddString("metadata.display_name", job => job.DisplayName)
            .AddMap("metadata.labels", job => job.Labels);

        var filter = Filter<FilterTestJob>.Parse("metadata.display_name:train metadata.labels.team=*", schema);

        Assert.Equal(["j1", "j3"], FilterTestJob.All.Where(filter.Matches).Select(job => job.Name));
    }

    [Fact]
    public void Parse_PrefixOfDottedFieldName_ThrowsUnknownField()
    {
        var schema = new FilterSchema<FilterTestJob>().AddString("metadata.display_name", job => job.DisplayName);

        var error = Assert.Throws<FilterException>(() => Filter<FilterTestJob>.Parse("metadata=x", schema));

        Assert.Equal("Filter field 'metadata' is not supported. Supported fields: metadata.display_name.", error.Message);
    }
}
