using System.Reflection;
using System.Runtime.CompilerServices;
using AskBot.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AskBot.Cli.Hosting;

/// <summary>
/// OpenTelemetry for the CLI host: AskBot's and Semantic Kernel's traces and metrics, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other standard <c>OTEL_*</c> variables configure the exporter) and
/// otherwise not wired at all.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable whose presence turns export on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The <c>service.name</c> reported unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "askbot";

    /// <summary>Semantic Kernel's activity sources and meters (kernel functions, connectors).</summary>
    public const string SemanticKernelSources = "Microsoft.SemanticKernel*";

    // Semantic Kernel puts prompts and completions on its spans when this is on; AskBot's prompts hold corpus text and
    // users' questions, so it is forced off even if its environment variable asks for it.
    private const string SemanticKernelSensitiveSwitch = "Microsoft.SemanticKernel.Experimental.GenAI.EnableOTelDiagnosticsSensitive";

    /// <summary>
    /// Registers the tracer and meter providers with an OTLP exporter when <see cref="OtlpEndpointKey"/> is set in
    /// <paramref name="configuration"/> (environment variables are one of its layers); otherwise registers nothing, so
    /// a command without telemetry neither loads nor runs any of OpenTelemetry.
    /// </summary>
    public static IServiceCollection AddAskBotOpenTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            AddProviders(services, configuration);
        }

        return services;
    }

    /// <summary>
    /// Creates the providers registered by <see cref="AddAskBotOpenTelemetry"/>, if any. Only <c>askbot discord</c>
    /// starts its host, and OpenTelemetry's hosted service is what would otherwise create them, so a one-shot command
    /// such as <c>ask</c> calls this after building its host; disposing the host flushes what was recorded.
    /// </summary>
    public static void StartAskBotOpenTelemetry(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<OpenTelemetryProviders>()?.EnsureCreated();
    }

    // Kept out of AddAskBotOpenTelemetry so that its JIT compilation, which loads the OpenTelemetry assemblies, happens
    // only when export is on: `askbot ask` pays nothing for telemetry it doesn't use.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddProviders(IServiceCollection services, IConfiguration configuration)
    {
        AppContext.SetSwitch(SemanticKernelSensitiveSwitch, false);
        var serviceVersion = typeof(TelemetryServiceCollectionExtensions).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var serviceNameSet = !string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!serviceNameSet)
                {
                    resource.AddService(ServiceName, serviceVersion: serviceVersion);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(AskBotTelemetry.Name, SemanticKernelSources)
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(AskBotTelemetry.Name, SemanticKernelSources)
                .AddOtlpExporter());
        services.AddSingleton<OpenTelemetryProviders>();
    }
}

/// <summary>Resolving this creates the tracer and meter providers (they start listening when created).</summary>
internal sealed class OpenTelemetryProviders(IServiceProvider services)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void EnsureCreated()
    {
        _ = services.GetService<TracerProvider>();
        _ = services.GetService<MeterProvider>();
    }
}
