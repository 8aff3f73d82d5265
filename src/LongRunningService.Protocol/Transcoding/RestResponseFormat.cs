namespace LongRunningService.Protocol.Transcoding;

/// <summary>How the client asked for the response JSON, through system parameters.</summary>
internal readonly record struct RestResponseFormat(bool EnumsAsIntegers, bool Pretty);
