using System.Diagnostics;
using System.Diagnostics.Metrics;
using AskBot.Core.Indexing;

namespace AskBot.Core.Telemetry;

/// <summary>
/// AskBot's own traces and metrics (meter and activity source <see cref="Name"/>), beside Semantic Kernel's. One
/// instance per process, registered by <c>AddAskBotCore</c>; the instruments are created from
/// <see cref="IMeterFactory"/> so that each host (and each test) sees only its own measurements. Nothing is exported
/// unless the host adds an exporter.
/// </summary>
public sealed class AskBotTelemetry : IDisposable
{
    /// <summary>Name of the meter and of the activity source.</summary>
    public const string Name = "AskBot";

    private readonly Meter meter;
    private readonly Histogram<double> stageDuration;
    private readonly Histogram<double> answerDuration;
    private readonly Counter<long> questions;
    private readonly Counter<long> refusals;
    private readonly Counter<long> fallbacks;
    private readonly Counter<long> guardDrops;
    private readonly Counter<long> reconnects;
    private readonly Counter<long> rateLimitWaits;
    private readonly Histogram<double> rateLimitWaitDuration;
    private readonly Histogram<double> corpusReloadDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a private meter when there is none.</summary>
    public AskBotTelemetry(IMeterFactory? meterFactory = null)
    {
        this.meter = meterFactory?.Create(Name) ?? new Meter(Name);
        this.ActivitySource = new ActivitySource(Name);
        this.stageDuration = this.meter.CreateHistogram<double>(
            "askbot.stage.duration", "s", "Time spent in one pipeline stage of an answer (tag askbot.stage).");
        this.answerDuration = this.meter.CreateHistogram<double>(
            "askbot.answer.duration", "s", "Time from question to checked answer (tags askbot.provider, askbot.refused).");
        this.questions = this.meter.CreateCounter<long>(
            "askbot.questions", "{question}", "Questions answered or refused; its rate is questions per minute.");
        this.refusals = this.meter.CreateCounter<long>(
            "askbot.refusals", "{answer}", "Answers that said the articles don't cover the question.");
        this.fallbacks = this.meter.CreateCounter<long>(
            "askbot.fallbacks", "{answer}", "Answers the offline reader gave because the language model failed or ran out of time.");
        this.guardDrops = this.meter.CreateCounter<long>(
            "askbot.guard.drops", "{item}", "Sentences or citations the grounding guard removed (tag askbot.guard.kind).");
        this.reconnects = this.meter.CreateCounter<long>(
            "askbot.gateway.reconnects", "{reconnect}", "Discord gateway reconnects (tag askbot.reason).");
        this.rateLimitWaits = this.meter.CreateCounter<long>(
            "askbot.ratelimit.waits", "{wait}", "Times a request or question waited for (or was refused by) a rate limit (tag askbot.ratelimit.scope).");
        this.rateLimitWaitDuration = this.meter.CreateHistogram<double>(
            "askbot.ratelimit.wait.duration", "s", "How long rate-limited requests waited (tag askbot.ratelimit.scope).");
        this.corpusReloadDuration = this.meter.CreateHistogram<double>(
            "askbot.corpus.reload.duration", "s", "Time to check a changed corpus and swap in its new index (tag askbot.outcome: unchanged, swapped, failed).");
    }

    /// <summary>The activity source of AskBot's spans (one per answer, one per stage).</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Records the time one stage (e.g. <c>retrieve</c>, <c>answer</c>, <c>guard</c>) took.</summary>
    public void RecordStage(string stage, TimeSpan elapsed) =>
        this.stageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("askbot.stage", stage));

    /// <summary>Records one finished answer: its latency, and whether it was refused or given by the fallback.</summary>
    public void RecordAnswer(string provider, bool refused, bool fellBack, TimeSpan elapsed)
    {
        var providerTag = new KeyValuePair<string, object?>("askbot.provider", provider);
        this.questions.Add(1, providerTag);
        this.answerDuration.Record(elapsed.TotalSeconds, providerTag, new KeyValuePair<string, object?>("askbot.refused", refused));
        if (refused)
        {
            this.refusals.Add(1, providerTag);
        }

        if (fellBack)
        {
            this.fallbacks.Add(1, providerTag);
        }
    }

    /// <summary>Records what the grounding guard removed from one answer (nothing is recorded for zero).</summary>
    public void RecordGuardDrops(int sentences, int citations)
    {
        if (sentences > 0)
        {
            this.guardDrops.Add(sentences, new KeyValuePair<string, object?>("askbot.guard.kind", "sentence"));
        }

        if (citations > 0)
        {
            this.guardDrops.Add(citations, new KeyValuePair<string, object?>("askbot.guard.kind", "citation"));
        }
    }

    /// <summary>Records one gateway reconnect and why it happened (e.g. <c>malformed-frame</c>, <c>zombie</c>, <c>server-close</c>).</summary>
    public void RecordReconnect(string reason) =>
        this.reconnects.Add(1, new KeyValuePair<string, object?>("askbot.reason", reason));

    /// <summary>Records one wait for a rate limit (<paramref name="scope"/> e.g. <c>discord-route</c>, <c>discord-global</c>, <c>user</c>).</summary>
    public void RecordRateLimitWait(string scope, TimeSpan wait)
    {
        var scopeTag = new KeyValuePair<string, object?>("askbot.ratelimit.scope", scope);
        this.rateLimitWaits.Add(1, scopeTag);
        this.rateLimitWaitDuration.Record(wait.TotalSeconds, scopeTag);
    }

    /// <summary>Records one corpus refresh: how long it took and whether it swapped, found nothing to do, or failed.</summary>
    public void RecordCorpusReload(CorpusRefreshOutcome outcome, TimeSpan elapsed) =>
        this.corpusReloadDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("askbot.outcome", outcome switch
            {
                CorpusRefreshOutcome.Unchanged => "unchanged",
                CorpusRefreshOutcome.Swapped => "swapped",
                _ => "failed",
            }));

    /// <inheritdoc />
    public void Dispose()
    {
        this.ActivitySource.Dispose();
        this.meter.Dispose();
    }
}
