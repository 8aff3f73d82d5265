using System.Globalization;
using System.Text.RegularExpressions;
using LongRunning.Emulator.V1;
using LongRunningService.Services.Errors;
using LongRunningService.Services.Validation;
using Microsoft.Extensions.Options;

namespace LongRunningService.Services.Emulator;

/// <summary>
/// The fault rules, checked in the order they were added. A rule acts on a
/// matching call while it has count left (or always, without a count), and
/// only on the share of calls its seeded random source picks.
/// </summary>
internal sealed class FaultRuleBook(IOptions<OperationsEmulatorOptions> options)
{
    private readonly object _lock = new();
    private readonly List<ActiveRule> _rules = [];
    private long _lastId;
    private int _count;

    /// <summary>Validates and adds a rule; returns it with its name.</summary>
    public FaultRule Add(FaultRule rule)
    {
        if (string.IsNullOrEmpty(rule.Method) || (rule.Method != "*" && !rule.Method.Contains('/', StringComparison.Ordinal)))
        {
            throw RpcErrors.InvalidField("fault_rule.method", "The field `fault_rule.method` must be 'package.Service/Method' (e.g. 'google.longrunning.Operations/GetOperation') or '*'.");
        }

        if (rule.Count < 0)
        {
            throw RpcErrors.InvalidField("fault_rule.count", "The field `fault_rule.count` must not be negative.");
        }

        if (rule.Probability is < 0 or > 1 || double.IsNaN(rule.Probability))
        {
            throw RpcErrors.InvalidField("fault_rule.probability", "The field `fault_rule.probability` must be between 0 and 1.");
        }

        if (rule.Delay is { } delay)
        {
            DurationFields.Read(delay, "fault_rule.delay", options.Value.MaxScriptDuration);
        }

        StoredContent.Require(rule, "fault_rule");

        if ((rule.Status is null || rule.Status.Code == 0) && rule.Delay is null)
        {
            throw RpcErrors.InvalidField("fault_rule.status", "A fault rule needs a `status` with a non-zero code, a `delay`, or both.");
        }

        lock (_lock)
        {
            if (_rules.Count >= options.Value.MaxFaultRules)
            {
                throw RpcErrors.ResourceExhausted($"The server holds {_rules.Count} fault rules, its configured maximum (Emulator:MaxFaultRules).");
            }

            var stored = rule.Clone();
            stored.Name = "faultRules/" + (++_lastId).ToString(CultureInfo.InvariantCulture);
            stored.FiredCount = 0;
            _rules.Add(new ActiveRule(stored));
            Volatile.Write(ref _count, _rules.Count);
            return stored.Clone();
        }
    }

    public List<FaultRule> List()
    {
        lock (_lock)
        {
            return _rules.Select(r => r.Rule.Clone()).ToList();
        }
    }

    public bool Remove(string name)
    {
        lock (_lock)
        {
            var removed = _rules.RemoveAll(r => r.Rule.Name == name) > 0;
            Volatile.Write(ref _count, _rules.Count);
            return removed;
        }
    }

    public int Clear()
    {
        lock (_lock)
        {
            var count = _rules.Count;
            _rules.Clear();
            Volatile.Write(ref _count, 0);
            return count;
        }
    }

    /// <summary>The first rule that acts on this call, counted as fired; null when none does.</summary>
    public FaultRule? Match(string method, string resource)
    {
        // Most servers run without rules: skip the lock on every call then.
        if (Volatile.Read(ref _count) == 0)
        {
            return null;
        }

        lock (_lock)
        {
            foreach (var active in _rules)
            {
                if (active.TryFire(method, resource))
                {
                    return active.Rule.Clone();
                }
            }

            return null;
        }
    }

    private sealed class ActiveRule(FaultRule rule)
    {
        private readonly Random _random = new(unchecked((int)rule.Seed));
        private readonly Regex? _pattern = string.IsNullOrEmpty(rule.ResourcePattern)
            ? null
            : new Regex("^" + Regex.Escape(rule.ResourcePattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);

        public FaultRule Rule { get; } = rule;

        public bool TryFire(string method, string resource)
        {
            if ((Rule.Method != "*" && Rule.Method != method) || (_pattern is not null && !_pattern.IsMatch(resource)))
            {
                return false;
            }

            if (Rule.Count > 0 && Rule.FiredCount >= Rule.Count)
            {
                return false;
            }

            if (Rule.Probability > 0 && _random.NextDouble() >= Rule.Probability)
            {
                return false;
            }

            Rule.FiredCount++;
            return true;
        }
    }
}
