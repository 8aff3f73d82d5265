namespace LongRunningService.Protocol.Grpc.Served;

/// <summary>
/// The one service type mapped into Grpc.AspNetCore: its methods are every
/// method of every descriptor the server serves, bound by
/// <see cref="ServedMethodProvider"/> rather than by a generated base class.
/// </summary>
internal sealed class ServedMethods;
