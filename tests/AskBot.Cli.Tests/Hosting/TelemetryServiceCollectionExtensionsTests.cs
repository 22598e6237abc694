using System.Diagnostics;
using AskBot.Cli.Hosting;
using AskBot.Cli.Tests.Infrastructure;
using AskBot.Core.Answering;
using AskBot.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AskBot.Cli.Tests.Hosting;

/// <summary>
/// OpenTelemetry in the CLI host: off (no provider at all) without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; with it, AskBot's
/// and Semantic Kernel's traces and metrics of a real question reach the exporters, and an unreachable collector never
/// stops an answer.
/// </summary>
[Collection(IndexedCorpusCollection.Name)]
public sealed class TelemetryServiceCollectionExtensionsTests(IndexedCorpusFixture fixture)
{
    // Nothing listens there: every export fails at once (connection refused).
    private const string UnreachableCollector = "http://127.0.0.1:1";

    private const string Question = "Who leads ISIS-K?";

    [Fact]
    public void Without_an_OTLP_endpoint_no_tracer_or_meter_provider_is_registered()
    {
        using var host = this.BuildHost(endpoint: string.Empty);

        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_a_real_question_records_AskBot_and_Semantic_Kernel_metrics_and_spans()
    {
        var metrics = new List<Metric>();
        var activities = new List<Activity>();
        AskResult result;
        using (var host = this.BuildHost(UnreachableCollector, services => services
            .ConfigureOpenTelemetryMeterProvider(builder => builder.AddInMemoryExporter(metrics))
            .ConfigureOpenTelemetryTracerProvider(builder => builder.AddInMemoryExporter(activities))))
        {
            // The host is never started (as for `askbot ask`), so the providers must already be listening.
            result = await host.Services.GetRequiredService<IAskService>().AskAsync(Question);
            host.Services.GetRequiredService<MeterProvider>().ForceFlush();
            host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        }

        Assert.False(result.Refused, result.Answer);
        var names = metrics.Select(metric => metric.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("askbot.questions", names);
        Assert.Contains("askbot.answer.duration", names);
        var stages = Tags(metrics.Where(metric => metric.Name == "askbot.stage.duration"), "askbot.stage");
        Assert.Contains("retrieve", stages);
        Assert.Contains("answer", stages);
        Assert.Contains(metrics, metric => metric.MeterName.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal));
        Assert.Contains(activities, activity => activity.Source.Name == AskBotTelemetry.Name && activity.DisplayName == "askbot.ask");
        Assert.Contains(activities, activity => activity.Source.Name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ask_with_an_unreachable_collector_still_answers_and_exits_0()
    {
        var result = await this.RunAskAsync(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = UnreachableCollector });

        result.AssertExitCode(0).AssertNoStackTrace();
        Assert.Contains("[1]", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdErr);
    }

    [Fact]
    public async Task Ask_exports_its_metrics_and_spans_over_OTLP_before_the_process_exits()
    {
        using var collector = new FakeOtlpCollector();

        var result = await this.RunAskAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        result.AssertExitCode(0).AssertNoStackTrace();
        var paths = string.Join(", ", collector.Paths);
        Assert.True(collector.Received("/v1/metrics", "askbot.questions"), $"no askbot.questions in /v1/metrics; requests: {paths}");
        Assert.True(collector.Received("/v1/metrics", "askbot.stage.duration"), $"no askbot.stage.duration in /v1/metrics; requests: {paths}");
        Assert.True(collector.Received("/v1/traces", "askbot.ask"), $"no askbot.ask span in /v1/traces; requests: {paths}");
        Assert.True(collector.Received("/v1/traces", TelemetryServiceCollectionExtensions.ServiceName), "the service name is askbot");
        Assert.False(collector.Received("/v1/traces", Question), "the question's text must not be exported");
    }

    private static HashSet<string> Tags(IEnumerable<Metric> metrics, string key)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == key && tag.Value is string value)
                    {
                        values.Add(value);
                    }
                }
            }
        }

        return values;
    }

    private IHost BuildHost(string endpoint, Action<IServiceCollection>? configureServices = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.OtlpEndpointKey] = endpoint,
            ["AskBot:Corpus:Path"] = fixture.Workspace.Corpus,
            ["AskBot:Corpus:IndexCachePath"] = fixture.Workspace.IndexCache,
        };
        var console = CliConsole.ForText(new StringReader(string.Empty), new StringWriter(), new StringWriter());
        return CliHost.Build(console, configFile: null, settings, CliAdapters.None, configureServices);
    }

    private Task<CliResult> RunAskAsync(IReadOnlyDictionary<string, string> environment) =>
        fixture.Workspace.RunAsync(["ask", Question], environment);
}
