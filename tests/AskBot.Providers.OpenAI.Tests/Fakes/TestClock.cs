using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AskBot.Providers.OpenAI.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records the due time of every timer created on it (retry waits, attempt
/// timeouts, the answer budget), so a test can wait for a wait to be scheduled and then advance exactly past it.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    /// <summary>How long, in real time, a test waits for something that should happen at once.</summary>
    public static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<TimeSpan> created = new();
    private readonly ConcurrentQueue<TimeSpan> notDriven = new();

    public TestClock()
        : base(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Due times of the timers created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Timers => this.created.ToArray();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        this.created.Enqueue(dueTime);
        this.notDriven.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (in real time, briefly) until a timer whose due time matches <paramref name="match"/> exists.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < RealTimeLimit)
        {
            foreach (var due in this.created)
            {
                if (match(due))
                {
                    return due;
                }
            }

            await Task.Delay(2);
        }

        throw new TimeoutException("no matching timer was created; timers so far: " + string.Join(", ", this.Timers));
    }

    /// <summary>
    /// Lets <paramref name="task"/> run to its end, advancing the clock past each timer of at most
    /// <paramref name="maxWait"/> as soon as it is created (retry waits), never past longer ones (attempt timeouts,
    /// the answer budget) unless <paramref name="maxWait"/> says so.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan maxWait)
    {
        await this.DriveAsync((Task)task, maxWait);
        return await task;
    }

    /// <inheritdoc cref="DriveAsync{T}(Task{T}, TimeSpan)"/>
    public async Task DriveAsync(Task task, TimeSpan maxWait)
    {
        var watch = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            while (this.notDriven.TryDequeue(out var due))
            {
                if (due > TimeSpan.Zero && due <= maxWait)
                {
                    this.Advance(due);
                }
            }

            await Task.WhenAny(task, Task.Delay(2));
            if (watch.Elapsed > RealTimeLimit)
            {
                throw new TimeoutException("the task did not finish; timers so far: " + string.Join(", ", this.Timers));
            }
        }

        await task;
    }

    /// <summary>Waits (in real time, briefly) until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > RealTimeLimit)
            {
                throw new TimeoutException("the condition never held");
            }

            await Task.Delay(2);
        }
    }
}
