using System.Globalization;
using System.Reflection;

namespace LongRunningService.Configuration;

/// <summary>
/// One row of the settings table: its configuration key, command-line flag,
/// what it does, its default and what values it takes. Rows of an options class
/// read their type and default from the class itself, so neither can drift.
/// </summary>
internal sealed record ServerSetting
{
    private ServerSetting(string key, string? flag, string description, Type valueType, string defaultText, Type? optionsType, string? property)
    {
        Key = key;
        Flag = flag;
        Description = description;
        ValueType = valueType;
        DefaultText = defaultText;
        OptionsType = optionsType;
        Property = property;
    }

    /// <summary>The configuration key, e.g. <c>Server:Port</c>; also a flag as <c>--Server:Port=value</c>.</summary>
    public string Key { get; }

    /// <summary>The short command-line flag, e.g. <c>--port</c>, or null when there is none.</summary>
    public string? Flag { get; }

    public string Description { get; }

    /// <summary>The environment variable: the key with <c>__</c> for <c>:</c>.</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The value's type, nullable unwrapped: int, bool, TimeSpan, string or a list.</summary>
    public Type ValueType { get; }

    public string DefaultText { get; }

    /// <summary>The options class the setting binds to, or null for a setting the host reads another way.</summary>
    public Type? OptionsType { get; }

    public string? Property { get; }

    /// <summary>Values accepted (case-insensitive), or null when any value of the type is.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>Smallest accepted number or duration (in seconds for durations), or null for no bound.</summary>
    public double? Minimum { get; init; } = 0;

    public double? Maximum { get; init; }

    /// <summary>The key the flag sets when it differs from <see cref="Key"/>: a list's first item, e.g. <c>Cors:AllowedOrigins:0</c>.</summary>
    public string? FlagKey { get; init; }

    /// <summary>True when the value is a file or folder path: a relative one is read from the current directory.</summary>
    public bool IsPath { get; init; }

    /// <summary>An extra check of a non-empty value: returns why it is refused, or null.</summary>
    public Func<string, string?>? Check { get; init; }

    /// <summary>A row bound to a property of an options class.</summary>
    public static ServerSetting For<TOptions>(string section, string property, string? flag, string description)
        where TOptions : class, new()
    {
        var info = typeof(TOptions).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(TOptions).Name} has no property '{property}'.");
        var type = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
        return new ServerSetting($"{section}:{property}", flag, description, type, Format(info.GetValue(new TOptions())), typeof(TOptions), property);
    }

    /// <summary>A row the host reads itself, such as a logging level.</summary>
    public static ServerSetting Free<TValue>(string key, string? flag, string description, string defaultText) =>
        new(key, flag, description, typeof(TValue), defaultText, null, null);

    /// <summary>Why <paramref name="value"/> cannot be used for this setting, or null when it can.</summary>
    public string? Validate(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (ValueType == typeof(int) || ValueType == typeof(long))
        {
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                && (ValueType == typeof(long) || number is >= int.MinValue and <= int.MaxValue)
                ? CheckRange(number, value) ?? Check?.Invoke(value)
                : $"'{value}' is not a whole number.";
        }

        if (ValueType == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var duration)
                ? CheckRange(duration.TotalSeconds, value) ?? Check?.Invoke(value)
                : $"'{value}' is not a duration (use hh:mm:ss, e.g. 00:00:02 for 2 s, or d.hh:mm:ss).";
        }

        if (ValueType == typeof(bool))
        {
            return bool.TryParse(value, out _) ? null : $"'{value}' is not true or false.";
        }

        if (AllowedValues is { } allowed && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return $"'{value}' is not one of {string.Join(", ", allowed)}.";
        }

        return Check?.Invoke(value);
    }

    private string? CheckRange(double number, string value)
    {
        if (Minimum is { } min && number < min)
        {
            return $"'{value}' is below the minimum, {Format(min)}.";
        }

        return Maximum is { } max && number > max ? $"'{value}' is above the maximum, {Format(max)}." : null;
    }

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        bool flag => flag ? "true" : "false",
        TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        string text => text.Length == 0 ? "(empty)" : text,
        System.Collections.IEnumerable => "(none)",
        _ => value.ToString() ?? "(none)",
    };
}
