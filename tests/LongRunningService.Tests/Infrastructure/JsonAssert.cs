using System.Text.Json.Nodes;

namespace LongRunningService.Tests.Infrastructure;

/// <summary>Compares JSON texts as the values they write, whatever their spacing.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(expectedNode, actualNode))
        {
            // Compact forms of both, so the failure shows where they part.
            Assert.Equal(expectedNode?.ToJsonString(), actualNode?.ToJsonString());
        }
    }
}
