using LongRunningService.Operations.Timing;
using LongRunningService.Tests.Infrastructure;

namespace LongRunningService.Tests.Timing;

public sealed class EmulatorClockTests
{
    private readonly ManualTimeProvider _real = new();

    [Fact]
    public void Running_RealTimePasses_ClockFollowsAndTimersFire()
    {
        using var clock = new EmulatorClock(_real);
        var start = clock.GetUtcNow();
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        _real.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(fired);
        _real.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(start + TimeSpan.FromSeconds(5), clock.GetUtcNow());
        Assert.Equal([start + TimeSpan.FromSeconds(3)], fired);
    }

    [Fact]
    public void Paused_RealTimePasses_ClockStandsStillAndNothingFires()
    {
        using var clock = new EmulatorClock(_real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var start = clock.GetUtcNow();

        clock.Pause();
        _real.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ClockMode.Paused, clock.Mode);
        Assert.Equal(start, clock.GetUtcNow());
        Assert.Equal(0, fired);
    }

    [Fact]
    public void Paused_TimerDueAtTheCurrentInstant_FiresWithoutTheClockMoving()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var start = clock.GetUtcNow();
        var fired = new List<DateTimeOffset>();

        using var now = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        using var later = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        _real.Advance(TimeSpan.FromHours(1));

        Assert.Equal([start], fired);
        Assert.Equal(start, clock.GetUtcNow());
    }

    [Fact]
    public void Paused_Advance_RunsWhatItsTimersSetForTheSameInstantBeforeItReturns()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, DateTimeOffset At)>();
        ITimer? follower = null;
        using var first = clock.CreateTimer(
            _ =>
            {
                fired.Add(("first", clock.GetUtcNow()));
                follower = clock.CreateTimer(_ => fired.Add(("follower", clock.GetUtcNow())), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromMinutes(2),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([("first", start.AddMinutes(2)), ("follower", start.AddMinutes(2))], fired);
        follower?.Dispose();
    }

    [Fact]
    public void Advance_FiresExactlyTheTimersThatFallDueInOrderAtTheirDueTimes()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        using var second = clock.CreateTimer(_ => fired.Add(("second", clock.GetUtcNow())), null, TimeSpan.FromMinutes(7), Timeout.InfiniteTimeSpan);
        using var first = clock.CreateTimer(_ => fired.Add(("first", clock.GetUtcNow())), null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal([("first", start.AddMinutes(2)), ("second", start.AddMinutes(7))], fired);
        Assert.Equal(start.AddMinutes(10), clock.GetUtcNow());
        Assert.Equal(start.AddMinutes(30), clock.NextDue);
    }

    [Fact]
    public void AdvanceToNext_JumpsToTheEarliestTimer()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var start = clock.GetUtcNow();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(45), Timeout.InfiniteTimeSpan);

        var step = clock.AdvanceToNext();

        Assert.Equal(TimeSpan.FromMinutes(45), step);
        Assert.Equal(1, fired);
        Assert.Equal(start.AddMinutes(45), clock.GetUtcNow());
        Assert.Null(clock.AdvanceToNext());
    }

    [Fact]
    public void Run_WithScale_TimePassesFasterAndTimersFollow()
    {
        using var clock = new EmulatorClock(_real);
        clock.Run(scale: 60);
        var start = clock.GetUtcNow();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);

        _real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, fired);
        _real.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(start.AddMinutes(2), clock.GetUtcNow());
        Assert.Equal(1, fired);
    }

    [Fact]
    public void PauseThenRun_TimersKeepTheirEmulatedDueTimes()
    {
        using var clock = new EmulatorClock(_real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        _real.Advance(TimeSpan.FromSeconds(4));
        clock.Pause();
        _real.Advance(TimeSpan.FromMinutes(5));
        clock.Run();

        _real.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, fired);
        _real.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, fired);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriod()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(5, fired);
    }

    [Fact]
    public void DisposedTimer_NeverFires()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, fired);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public async Task Advance_WakesTaskDelayOnTheClock()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var delay = Task.Delay(TimeSpan.FromMinutes(10), clock);

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        await delay.DefaultTimeout();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e-9)]
    [InlineData(1e12)]
    public void Run_InvalidScale_Throws(double scale)
    {
        using var clock = new EmulatorClock(_real);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Run(scale));
    }

    [Fact]
    public void Run_SlowestScaleWithTimerAYearAway_SchedulesTheSystemTimerWithoutThrowing()
    {
        // The system timer takes at most about 49 days; a year at a thousandth of real time is a thousand years.
        using var clock = new EmulatorClock(TimeProvider.System);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromDays(365), Timeout.InfiniteTimeSpan);

        clock.Run(EmulatorClock.MinScale);

        Assert.Equal(EmulatorClock.MinScale, clock.Scale);
        Assert.Equal(0, fired);
        Assert.Equal(1, clock.PendingTimers);
    }

    [Fact]
    public void Run_FastestScaleForDays_StopsAtTheEndOfTimestampRange()
    {
        using var clock = new EmulatorClock(_real);
        clock.Run(EmulatorClock.MaxScale);

        _real.Advance(TimeSpan.FromDays(4));

        Assert.Equal(EmulatorClock.Latest, clock.GetUtcNow());
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOnceAtItsLastPeriodWithinTheAdvance()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var start = clock.GetUtcNow();
        var fired = new List<DateTimeOffset>();
        using var sweep = clock.CreateBackgroundTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromDays(3650) + TimeSpan.FromSeconds(30));

        Assert.Equal([start + TimeSpan.FromDays(3650)], fired);
        Assert.Equal(start + TimeSpan.FromDays(3650) + TimeSpan.FromSeconds(30), clock.GetUtcNow());
    }

    [Fact]
    public void Advance_TokenCancelledByATimer_StopsAfterThatTimer()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var start = clock.GetUtcNow();
        using var stop = new CancellationTokenSource();
        var fired = new List<string>();
        using var first = clock.CreateTimer(_ => { fired.Add("first"); stop.Cancel(); }, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        using var second = clock.CreateTimer(_ => fired.Add("second"), null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);

        Assert.Throws<OperationCanceledException>(() => clock.Advance(TimeSpan.FromHours(1), stop.Token));

        Assert.Equal(["first"], fired);
        Assert.Equal(start + TimeSpan.FromMinutes(1), clock.GetUtcNow());
        Assert.Equal(1, clock.PendingTimers);
    }

    [Fact]
    public void Advance_TimerCallbackThrows_NextTimersStillFire()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var fired = 0;
        using var failing = clock.CreateTimer(_ => throw new InvalidOperationException("broken work"), null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        using var next = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, fired);
    }

    [Fact]
    public void Advance_PastTheEndOfTimestampRange_StopsThere()
    {
        using var clock = new EmulatorClock(_real);
        clock.Pause();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.MaxValue, Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.MaxValue);

        Assert.Equal(EmulatorClock.Latest, clock.GetUtcNow());
        Assert.Equal(1, fired);
    }
}
