using LongRunningService.Services.Errors;

namespace LongRunningService.Services.Optimization;

/// <summary>Checks of the fields both optimization APIs mark REQUIRED (google.api.field_behavior).</summary>
internal static class OptimizationRequests
{
    /// <summary>BatchOptimizeTours: at least one model config, each with an input and an output config.</summary>
    public static void RequireModelConfigs<TConfig>(IReadOnlyList<TConfig> configs, Func<TConfig, bool> hasInput, Func<TConfig, bool> hasOutput)
    {
        if (configs.Count == 0)
        {
            throw RpcErrors.RequiredField("model_configs");
        }

        for (var i = 0; i < configs.Count; i++)
        {
            if (!hasInput(configs[i]))
            {
                throw RpcErrors.RequiredField($"model_configs[{i}].input_config");
            }

            if (!hasOutput(configs[i]))
            {
                throw RpcErrors.RequiredField($"model_configs[{i}].output_config");
            }
        }
    }
}
