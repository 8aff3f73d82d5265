namespace LongRunningService.Protocol.Diagnostics;

/// <summary>The name of the one meter every instrument of the server belongs to (<c>dotnet-counters monitor --counters LongRunningService</c>).</summary>
internal static class ServerMeter
{
    public const string Name = "LongRunningService";
}
