using System.Collections.Concurrent;

namespace LongRunningService.Robustness;

/// <summary>Cases tried, answers by status, and the failures, for every section of the suite.</summary>
internal sealed class Tally
{
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private int _passed;
    private int _failed;

    public int Passed => _passed;

    public int Failed => _failed;

    public IEnumerable<KeyValuePair<string, int>> Answers => _answers.OrderBy(a => a.Key, StringComparer.Ordinal);

    /// <summary>Counts the answer; a fault in it fails the case.</summary>
    public bool Expect(string section, string what, Answer answer)
    {
        _answers.AddOrUpdate(answer.Label, 1, (_, n) => n + 1);
        return answer.Fault is { } fault ? Fail(section, what, fault) : Pass();
    }

    /// <summary>A case that passes when <paramref name="ok"/>; <paramref name="why"/> says what was wrong otherwise.</summary>
    public bool Check(string section, string what, bool ok, string why) => ok ? Pass() : Fail(section, what, why);

    /// <summary>Fails a case; the first failures are printed at once, so a crash still shows them.</summary>
    public bool Fail(string section, string what, string why)
    {
        if (Interlocked.Increment(ref _failed) <= 100)
        {
            var line = $"{section}: {what}: {why}";
            Console.WriteLine("not ok - " + (line.Length <= 400 ? line : line[..400] + "…"));
        }

        return false;
    }

    private bool Pass()
    {
        Interlocked.Increment(ref _passed);
        return true;
    }
}
