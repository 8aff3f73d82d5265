namespace LongRunningService.Operations.Timing;

/// <summary>
/// The one clock every timer of the server reads: job stages, scripted
/// durations, retention, WaitOperation timeouts, deadlines and time stamps.
/// It runs with real time by default, can run faster or slower by a factor,
/// or be paused and advanced by hand. It owns every timer made through it and
/// keeps a single real timer for the earliest one due, so a change of mode or
/// an advance moves timers that already exist: advancing fires exactly the
/// timers that fall due, earliest first.
/// </summary>
internal sealed class EmulatorClock : TimeProvider, IDisposable
{
    private readonly TimeProvider _real;
    private readonly object _lock = new();
    private readonly SortedSet<ClockTimer> _timers = new(ClockTimer.ByDue);
    private readonly ITimer _wakeup;
    private Anchor _anchor;
    private long _timerIds;

    public EmulatorClock(TimeProvider real)
    {
        _real = real;
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

    /// <summary>Stops time; only <see cref="Advance"/> and <see cref="AdvanceToNext"/> move it.</summary>
    public void Pause() => SetRate(paused: true, Scale);

    /// <summary>Runs with real time times <paramref name="scale"/> (1 = real time).</summary>
    public void Run(double scale = 1.0)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a positive, finite number.");
        }

        SetRate(paused: false, scale);
    }

    /// <summary>Moves time forward by <paramref name="by"/>, firing each timer that falls due on the way, earliest first.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _anchor.Now(_real) + by;
        }

        while (true)
        {
            ClockTimer? next;
            lock (_lock)
            {
                next = _timers.Count > 0 && _timers.Min!.Due <= target ? _timers.Min : null;
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

            next.Invoke();
        }
    }

    /// <summary>
    /// Moves time to the earliest timer that is not housekeeping and fires it
    /// (and whatever falls due with it); returns how far it moved, or null
    /// when no such timer waits.
    /// </summary>
    public TimeSpan? AdvanceToNext()
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

        Advance(step);
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
                return _timers.Count(t => !t.Background);
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
    }

    // Called by the real wake-up timer: fire what is due by the clock, then sleep until the next one.
    private void FireDue()
    {
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

            due.Invoke();
        }
    }

    // Under the lock: point the real timer at the earliest timer, converted to real time.
    private void Reschedule()
    {
        var anchor = _anchor;
        if (anchor.Paused || _timers.Count == 0)
        {
            _wakeup.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var emulated = _timers.Min!.Due - anchor.Now(_real);
        var real = emulated <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(emulated.Ticks / anchor.Scale));
        _wakeup.Change(real, Timeout.InfiniteTimeSpan);
    }

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
            return Scale == 1.0 ? Start + elapsed : Start + TimeSpan.FromTicks((long)(elapsed.Ticks * Scale));
        }

        public Anchor Restart(DateTimeOffset now, TimeProvider real) => this with { Start = now, RealStart = real.GetTimestamp() };
    }

    private sealed class ClockTimer(EmulatorClock clock, TimerCallback callback, object? state, long id, bool background) : ITimer
    {
        public bool Background { get; } = background;

        public static readonly IComparer<ClockTimer> ByDue = Comparer<ClockTimer>.Create(static (a, b) =>
            a.Due != b.Due ? a.Due.CompareTo(b.Due) : a._id.CompareTo(b._id));

        private readonly long _id = id;
        private TimeSpan _period;
        private bool _disposed;

        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                clock._timers.Remove(this);
                _period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock._anchor.Now(clock._real) + dueTime;
                    clock._timers.Add(this);
                }

                clock.Reschedule();
                return true;
            }
        }

        // Under the clock's lock: a periodic timer comes back one period later, a one-shot timer leaves.
        public void Elapse()
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                Due += _period;
                clock._timers.Add(this);
            }
        }

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                _disposed = true;
                clock._timers.Remove(this);
                clock.Reschedule();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
