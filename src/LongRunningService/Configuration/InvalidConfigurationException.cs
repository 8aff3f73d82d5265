namespace LongRunningService.Configuration;

/// <summary>A setting the server cannot start with; its message names the setting, for the operator to fix.</summary>
internal sealed class InvalidConfigurationException(string message) : InvalidOperationException(message);
