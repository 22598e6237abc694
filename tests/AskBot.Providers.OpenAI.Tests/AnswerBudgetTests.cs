using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using AskBot.Core.Answering;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using AskBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Providers.OpenAI.Tests;

/// <summary>A temp folder for the seed index, shared by the tests of a class so it is built once.</summary>
public sealed class IndexCacheFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "askbot-provider-ask-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(this.Path))
        {
            Directory.Delete(this.Path, recursive: true);
        }
    }
}

/// <summary>
/// The whole question path (AskService, kernel, filters) above the real OpenAI-compatible provider over HTTP to
/// <see cref="FakeOpenAIServer"/>: one retry layer, the answer budget, the offline fallback and its telemetry.
/// </summary>
public sealed class AnswerBudgetTests : IAsyncLifetime, IClassFixture<IndexCacheFolder>
{
    private const string Question = "Who leads ISIS-K?";

    private readonly IndexCacheFolder cache;
    private FakeOpenAIServer server = null!;

    public AnswerBudgetTests(IndexCacheFolder cache)
    {
        this.cache = cache;
    }

    public async Task InitializeAsync()
    {
        this.server = await FakeOpenAIServer.StartAsync();

        // The seed index is built (or loaded from the class's cache) before a test's clock starts: building it inside a
        // test's 20 s real-time limit failed on a loaded machine, before any request was sent.
        using var host = this.Host();
        await host.Services.GetRequiredService<ICorpusIndexProvider>().EnsureLoadedAsync();
    }

    public async Task DisposeAsync() => await this.server.DisposeAsync();

    [Fact]
    public async Task Persistent_server_error_is_sent_MaxRetries_plus_one_times_then_the_offline_reader_answers_with_the_note()
    {
        using var host = this.Host(maxRetries: 2);
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.InternalServerError);

        var result = await host.DriveAsync(Ask(host).AskAsync(Question, cancellationToken: host.Stopping));

        Assert.Equal(3, this.server.Requests.Count);
        Assert.Equal(nameof(ChatProviders.Extractive), result.Provider);
        Assert.Equal(FallbackFilter.Note("chat provider OpenAICompatible answered HTTP 500 after 3 attempts"), result.Notes[0]);
        Assert.Equal(2, host.RetryWaits.Count);
    }

    [Fact]
    public async Task A_malformed_answer_is_not_asked_for_again_and_the_offline_reader_answers()
    {
        using var host = this.Host();
        this.server.Fallback = new FakeResponse(HttpStatusCode.OK, "{ this is not json");

        var result = await Ask(host).AskAsync(Question);

        Assert.Single(this.server.Requests);
        Assert.Equal(nameof(ChatProviders.Extractive), result.Provider);
        Assert.StartsWith(FallbackFilter.Note("chat provider OpenAICompatible sent a malformed response")[..60], result.Notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_key_stays_fatal_after_one_request()
    {
        using var host = this.Host();
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<ChatProviderAuthenticationException>(() => Ask(host).AskAsync(Question));

        Assert.Equal("AskBot:Chat:ApiKey", error.SettingPath);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public async Task A_server_that_never_answers_runs_out_of_the_answer_budget_and_the_offline_reader_answers()
    {
        using var host = this.Host(answerTimeoutSeconds: 10, timeoutSeconds: 60);
        this.server.Fallback = FakeResponse.Chat("too late") with { Delay = TimeSpan.FromMinutes(10) };

        var answer = Ask(host).AskAsync(Question, cancellationToken: host.Stopping);
        await TestClock.UntilAsync(() => this.server.Requests.Count == 1);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var result = await answer.WaitAsync(TestClock.RealTimeLimit);

        Assert.Equal(nameof(ChatProviders.Extractive), result.Provider);
        Assert.Equal(FallbackFilter.Note(FallbackFilter.OutOfTimeReason(10)), result.Notes[0]);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public async Task Streamed_a_server_that_never_answers_runs_out_of_the_answer_budget_and_the_offline_reader_answers()
    {
        using var host = this.Host(answerTimeoutSeconds: 10, timeoutSeconds: 60);
        this.server.Fallback = FakeResponse.ChatStream("too ", "late") with { Delay = TimeSpan.FromMinutes(10) };

        var updates = Ask(host).AskStreamingAsync(Question, cancellationToken: host.Stopping).ToListAsync().AsTask();
        await TestClock.UntilAsync(() => this.server.Requests.Count == 1);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var final = Assert.Single(await updates.WaitAsync(TestClock.RealTimeLimit)).Result!;

        Assert.Equal(nameof(ChatProviders.Extractive), final.Provider);
        Assert.Equal(FallbackFilter.Note(FallbackFilter.OutOfTimeReason(10)), final.Notes[0]);
        Assert.True(Assert.Single(this.server.Requests).Stream);
    }

    [Fact]
    public async Task Retry_waits_that_would_outlast_the_budget_are_cut_short_by_it()
    {
        using var host = this.Host(answerTimeoutSeconds: 10);
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.TooManyRequests, headers: new Dictionary<string, string> { ["Retry-After"] = "30" });

        var answer = Ask(host).AskAsync(Question, cancellationToken: host.Stopping);
        await host.Clock.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(30));
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var result = await answer.WaitAsync(TestClock.RealTimeLimit);

        Assert.Equal(nameof(ChatProviders.Extractive), result.Provider);
        Assert.Equal(FallbackFilter.Note(FallbackFilter.OutOfTimeReason(10)), result.Notes[0]);
        Assert.Single(this.server.Requests);
    }

    [Fact]
    public async Task The_callers_cancellation_while_the_server_stalls_is_cancellation_not_a_fallback()
    {
        using var host = this.Host(answerTimeoutSeconds: 10);
        this.server.Fallback = FakeResponse.Chat("too late") with { Delay = TimeSpan.FromMinutes(10) };
        using var asking = new CancellationTokenSource();
        using var streaming = new CancellationTokenSource();

        var answer = Ask(host).AskAsync(Question, cancellationToken: asking.Token);
        await TestClock.UntilAsync(() => this.server.Requests.Count == 1);
        await asking.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer.WaitAsync(TestClock.RealTimeLimit));

        var updates = Ask(host).AskStreamingAsync(Question, cancellationToken: streaming.Token).ToListAsync().AsTask();
        await TestClock.UntilAsync(() => this.server.Requests.Count == 2);
        await streaming.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => updates.WaitAsync(TestClock.RealTimeLimit));
    }

    [Fact]
    public async Task A_fallback_is_recorded_as_one_question_with_its_stages_and_one_activity_without_the_question_text()
    {
        using var host = this.Host(maxRetries: 0);
        this.server.Fallback = FakeResponse.Error(HttpStatusCode.BadGateway);
        using var meters = new MeterListener();
        var measurements = new List<(string Name, KeyValuePair<string, object?>[] Tags)>();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AskBotTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        meters.Start();
        using var parent = new Activity("test").Start();
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AskBotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == parent.TraceId)
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activities);

        var result = await Ask(host).AskAsync(Question);

        Assert.Equal(nameof(ChatProviders.Extractive), result.Provider);
        lock (measurements)
        {
            Assert.Equal(nameof(ChatProviders.Extractive), Tag(Assert.Single(measurements, m => m.Name == "askbot.questions"), "askbot.provider"));
            Assert.Single(measurements, m => m.Name == "askbot.fallbacks");
            Assert.Equal(["answer", "retrieve"], measurements.Where(m => m.Name == "askbot.stage.duration").Select(m => Tag(m, "askbot.stage")).Order());
        }

        var span = Assert.Single(spans, s => s.OperationName == "askbot.ask");
        Assert.Equal(nameof(ChatProviders.Extractive), span.GetTagItem("askbot.provider"));
        Assert.Equal(result.Refused, span.GetTagItem("askbot.refused"));
        Assert.Equal(result.Citations.Count, span.GetTagItem("askbot.citations"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value is string text && text.Contains("ISIS", StringComparison.Ordinal));

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, tags.ToArray()));
            }
        }

        static object? Tag((string Name, KeyValuePair<string, object?>[] Tags) measurement, string key) =>
            measurement.Tags.Single(t => t.Key == key).Value;
    }

    private static IAskService Ask(ProviderTestHost host) => host.Services.GetRequiredService<IAskService>();

    private ProviderTestHost Host(int maxRetries = 2, int timeoutSeconds = ProviderTestHost.AttemptTimeoutSeconds, int answerTimeoutSeconds = 600)
    {
        var settings = ProviderTestHost.ChatSettings(
            ChatProviders.OpenAICompatible, this.server.V1, maxRetries: maxRetries, timeoutSeconds: timeoutSeconds, answerTimeoutSeconds: answerTimeoutSeconds);
        settings["AskBot:Corpus:Path"] = RepoPaths.Seeds;
        settings["AskBot:Corpus:IndexCachePath"] = this.cache.Path;
        settings["AskBot:Chat:PromptsPath"] = RepoPaths.Prompts;
        return new ProviderTestHost(settings);
    }
}
