using LongRunningService.Operations.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LongRunningService.Operations.Timing;

/// <summary>
/// The one clock every timer of the server reads: job stages, scripted
/// durations, retention, WaitOperation timeouts, deadlines and time stamps.
/// It runs with real time by default, can run faster or slower by a factor,
/// or be paused and advanced by hand. It owns every timer made through it and
/// keeps a single real timer for the earliest one due, so a change of mode or
/// an advance moves timers that already exist: advancing fires exactly the
/// timers that fall due, earliest first; a periodic housekeeping timer (the
/// retention sweep) fires once per advance, at its last period within it, so
/// an advance costs work in proportion to the timers due, not to the span of
/// time. Time never passes
/// <see cref="Latest"/>, the end of protobuf's Timestamp range, and a timer
/// callback that throws is logged, never let loose on a timer thread.
/// </summary>
internal sealed partial class EmulatorClock : TimeProvider, IDisposable
{
    /// <summary>Slowest rate the clock runs at: one emulated second per 1,000 real seconds.</summary>
    public const double MinScale = 1e-3;

    /// <summary>Fastest rate the clock runs at: a million emulated seconds per real second.</summary>
    public const double MaxScale = 1e6;

    /// <summary>The last moment the clock reaches: protobuf's Timestamp cannot go further.</summary>
    public static readonly DateTimeOffset Latest = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    // The real wake-up timer never sleeps longer than this, so a slow scale cannot ask the
    // system timer for more than it takes; it wakes, finds nothing due, and sleeps again.
    private static readonly TimeSpan LongestRealSleep = TimeSpan.FromHours(1);

    private readonly TimeProvider _real;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly SortedSet<ClockTimer> _timers = new(ClockTimer.ByDue);
    private readonly ITimer _wakeup;
    private Anchor _anchor;
    private long _timerIds;
    private int _backgroundTimers;

    // Advances under way: while one runs on a paused clock, it fires what falls due itself.
    private int _advancing;

    // What the real wake-up timer was last pointed at, so that timers coming and going
    // behind the earliest one do not touch the system timer at all.
    // FireDue forgets it, since the wake-up timer has gone off by then.
    private (bool Known, Anchor? Anchor, DateTimeOffset? Due) _wakeupFor;

    public EmulatorClock(TimeProvider real, ILogger<EmulatorClock>? logger = null)
    {
        _real = real;
        _logger = logger ?? NullLogger<EmulatorClock>.Instance;
        _anchor = new Anchor(real.GetUtcNow(), real.GetTimestamp(), 1.0, Paused: false);
        _wakeup = real.CreateTimer(static s => ((EmulatorClock)s!).FireDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ClockMode Mode => Volatile.Read(ref _anchor).Paused ? ClockMode.Paused : ClockMode.Running;

    /// <summary>How many emulated seconds pass per real second while running.</summary>
    public double Scale => Volatile.Read(ref _anchor).Scale;

    public override DateTimeOffset GetUtcNow() => Volatile.Read(ref _anchor).Now(_real);

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        NewTimer(callback, state, dueTime, period, background: false);

    /// <summary>
    /// A timer for housekeeping (e.g. retention sweeps): it follows the clock
    /// like any other, but <see cref="AdvanceToNext"/> does not stop at it.
    /// </summary>
    public ITimer CreateBackgroundTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        NewTimer(callback, state, dueTime, period, background: true);

    /// <summary>
    /// Hears of every change of mode or rate and of every advance, after it,
    /// with the clock as it stands then (to record it in a store). A handler
    /// must not throw.
    /// </summary>
    public event Action<StoredClock>? Changed;

    /// <summary>The clock as a store keeps it: its reading now, at the real time now, its rate and mode.</summary>
    public StoredClock Capture()
    {
        lock (_lock)
        {
            return new StoredClock(_anchor.Now(_real), _real.GetUtcNow(), _anchor.Scale, _anchor.Paused);
        }
    }

    /// <summary>
    /// Sets the clock from a stored record, at start: paused, it stands at the
    /// stored reading; running, it reads what it would have read had it run on
    /// since (the stored reading plus the real time passed since, times its
    /// rate). Times are kept within <see cref="Latest"/>.
    /// </summary>
    public void Restore(StoredClock stored)
    {
        var scale = Math.Clamp(stored.Scale, MinScale, MaxScale);
        var reading = stored.Reading;
        if (!stored.Paused)
        {
            var passed = _real.GetUtcNow() - stored.WallTime;
            var ticks = passed.Ticks * scale;
            reading = ticks <= 0 ? reading : ticks >= (Latest - reading).Ticks ? Latest : reading + TimeSpan.FromTicks((long)ticks);
        }

        lock (_lock)
        {
            _anchor = new Anchor(reading > Latest ? Latest : reading, _real.GetTimestamp(), scale, stored.Paused);
            Reschedule();
        }
    }

    /// <summary>Stops time; only <see cref="Advance"/> and <see cref="AdvanceToNext"/> move it.</summary>
    public void Pause() => SetRate(paused: true, Scale);

    /// <summary>Runs with real time times <paramref name="scale"/> (1 = real time), between <see cref="MinScale"/> and <see cref="MaxScale"/>.</summary>
    public void Run(double scale = 1.0)
    {
        if (!(scale >= MinScale && scale <= MaxScale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"The scale must be between {MinScale} and {MaxScale}.");
        }

        SetRate(paused: false, scale);
    }

    /// <summary>
    /// Moves time forward by <paramref name="by"/> (no further than <see cref="Latest"/>),
    /// firing each timer that falls due on the way, earliest first. When
    /// <paramref name="cancellationToken"/> fires, time stops where it got to.
    /// </summary>
    /// <exception cref="OperationCanceledException">Stopped before the end; the clock stands at the last timer fired.</exception>
    public void Advance(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = Saturate(_anchor.Now(_real), by);
            _advancing++;
        }

        try
        {
            AdvanceTo(target, cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _advancing--;
                Reschedule();
            }

            OnChanged();
        }
    }

    private void OnChanged()
    {
        if (Changed is { } changed)
        {
            changed(Capture());
        }
    }

    // Fires, in order, every timer due up to target, including those that fall due while it runs.
    private void AdvanceTo(DateTimeOffset target, CancellationToken cancellationToken)
    {
        while (true)
        {
            ClockTimer? next;
            lock (_lock)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Reschedule();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                next = _timers.Count > 0 && _timers.Min!.Due <= target ? _timers.Min : null;
                if (next is not null && next.SkipTo(target))
                {
                    continue; // a housekeeping timer moved to its last period within the advance
                }

                var now = next?.Due ?? target;
                if (now > _anchor.Now(_real))
                {
                    _anchor = _anchor.Restart(now, _real);
                }

                if (next is null)
                {
                    Reschedule();
                    return;
                }

                next.Elapse();
            }

            Fire(next);
        }
    }

    /// <summary>
    /// Moves time to the earliest timer that is not housekeeping and fires it
    /// (and whatever falls due with it); returns how far it moved, or null
    /// when no such timer waits.
    /// </summary>
    public TimeSpan? AdvanceToNext(CancellationToken cancellationToken = default)
    {
        TimeSpan step;
        lock (_lock)
        {
            var next = _timers.FirstOrDefault(t => !t.Background);
            if (next is null)
            {
                return null;
            }

            step = next.Due - _anchor.Now(_real);
            if (step < TimeSpan.Zero)
            {
                step = TimeSpan.Zero;
            }
        }

        Advance(step, cancellationToken);
        return step;
    }

    /// <summary>When the earliest timer that is not housekeeping falls due, or null when none waits.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
            {
                return _timers.FirstOrDefault(t => !t.Background)?.Due;
            }
        }
    }

    /// <summary>How many timers, housekeeping aside, wait.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count - _backgroundTimers;
            }
        }
    }

    public void Dispose() => _wakeup.Dispose();

    private ClockTimer NewTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, bool background)
    {
        var timer = new ClockTimer(this, callback, state, Interlocked.Increment(ref _timerIds), background);
        timer.Change(dueTime, period);
        return timer;
    }

    private void SetRate(bool paused, double scale)
    {
        lock (_lock)
        {
            _anchor = _anchor.Restart(_anchor.Now(_real), _real) with { Paused = paused, Scale = scale };
            Reschedule();
        }

        OnChanged();
    }

    // Called by the real wake-up timer: fire what is due by the clock, then sleep until the next one.
    private void FireDue()
    {
        lock (_lock)
        {
            _wakeupFor = default;
        }

        while (true)
        {
            ClockTimer? due;
            lock (_lock)
            {
                due = _timers.Count > 0 && _timers.Min!.Due <= _anchor.Now(_real) ? _timers.Min : null;
                if (due is null)
                {
                    Reschedule();
                    return;
                }

                due.Elapse();
            }

            Fire(due);
        }
    }

    // No exception may leave a timer callback: on the system timer's thread it would end the process.
    private void Fire(ClockTimer timer)
    {
        try
        {
            timer.Invoke();
        }
        catch (Exception exception)
        {
            Log.TimerCallbackFailed(_logger, exception);
        }
    }

    // Under the lock: point the real timer at the earliest timer, converted to real time.
    private void Reschedule()
    {
        // A paused clock still runs what is due at the instant it stands on (work set to happen "now",
        // such as a cancellation without delay); it only waits for nothing later. While an advance runs,
        // the advance itself fires what falls due, in order, before it returns.
        var anchor = _anchor;
        DateTimeOffset? due = _timers.Count == 0 || (anchor.Paused && _advancing > 0) ? null : _timers.Min!.Due;
        if (anchor.Paused && due > anchor.Now(_real))
        {
            due = null;
        }

        if (_wakeupFor.Known && _wakeupFor.Due == due && (due is null || ReferenceEquals(_wakeupFor.Anchor, anchor)))
        {
            return;
        }

        _wakeupFor = (true, anchor, due);
        if (due is null)
        {
            _wakeup.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var emulated = _timers.Min!.Due - anchor.Now(_real);
        var real = emulated <= TimeSpan.Zero
            ? TimeSpan.Zero
            : TimeSpan.FromTicks((long)Math.Min(Math.Ceiling(emulated.Ticks / anchor.Scale), LongestRealSleep.Ticks));
        _wakeup.Change(real, Timeout.InfiniteTimeSpan);
    }

    // Under the lock: the set of waiting timers, with a count of the housekeeping ones kept alongside.
    private void Track(ClockTimer timer)
    {
        if (_timers.Add(timer))
        {
            timer.Tracked = true;
            _backgroundTimers += timer.Background ? 1 : 0;
        }
    }

    private void Untrack(ClockTimer timer)
    {
        if (timer.Tracked && _timers.Remove(timer))
        {
            timer.Tracked = false;
            _backgroundTimers -= timer.Background ? 1 : 0;
        }
    }

    // start + span, stopping at Latest instead of overflowing.
    private static DateTimeOffset Saturate(DateTimeOffset start, TimeSpan span) =>
        span >= Latest - start ? Latest : start + span;

    /// <summary>Emulated time is <c>Start</c> plus real time elapsed since <c>RealStart</c>, times <c>Scale</c>; frozen when paused.</summary>
    private sealed record Anchor(DateTimeOffset Start, long RealStart, double Scale, bool Paused)
    {
        public DateTimeOffset Now(TimeProvider real)
        {
            if (Paused)
            {
                return Start;
            }

            var elapsed = real.GetElapsedTime(RealStart);
            var ticks = Scale == 1.0 ? elapsed.Ticks : elapsed.Ticks * Scale;
            return ticks >= (Latest - Start).Ticks ? Latest : Start + TimeSpan.FromTicks((long)ticks);
        }

        public Anchor Restart(DateTimeOffset now, TimeProvider real) => this with { Start = now, RealStart = real.GetTimestamp() };
    }

    private sealed class ClockTimer(EmulatorClock clock, TimerCallback callback, object? state, long id, bool background) : ITimer
    {
        public bool Background { get; } = background;

        public static readonly IComparer<ClockTimer> ByDue = Comparer<ClockTimer>.Create(static (a, b) =>
            a._dueTicks != b._dueTicks ? a._dueTicks.CompareTo(b._dueTicks) : a._id.CompareTo(b._id));

        private readonly long _id = id;
        private TimeSpan _period;
        private bool _disposed;

        // UTC ticks, so that the comparisons of a million timers stay cheap.
        private long _dueTicks;

        /// <summary>Whether the timer is in the clock's set, so that leaving it twice costs no search.</summary>
        public bool Tracked { get; set; }

        public DateTimeOffset Due
        {
            get => new(_dueTicks, TimeSpan.Zero);
            private set => _dueTicks = value.UtcTicks;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                clock.Untrack(this);
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = Saturate(clock._anchor.Now(clock._real), dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                    clock.Track(this);
                }

                clock.Reschedule();
                return true;
            }
        }

        private bool Periodic => _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan;

        // Under the clock's lock: a periodic timer comes back one period later, a one-shot timer leaves.
        public void Elapse()
        {
            clock.Untrack(this);
            if (Periodic && _period < Latest - Due)
            {
                Due += _period;
                clock.Track(this);
            }
        }

        // Under the clock's lock: a periodic housekeeping timer that would fire more than
        // once before target moves on to its last period at or before it, and fires once there.
        public bool SkipTo(DateTimeOffset target)
        {
            if (!Background || !Periodic || target - Due < _period)
            {
                return false;
            }

            clock.Untrack(this);
            Due += _period * ((target - Due).Ticks / _period.Ticks);
            clock.Track(this);
            return true;
        }

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                _disposed = true;
                clock.Untrack(this);
                clock.Reschedule();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Error, "A timer callback of the emulator clock failed")]
        public static partial void TimerCallbackFailed(ILogger logger, Exception exception);
    }
}
