using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AskBot.Core.Answering;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Core.Evaluation;

/// <summary>One judgment of the <c>Judge</c> prompt: whether the cited passages support a claim.</summary>
/// <param name="Supported">The judge's verdict.</param>
/// <param name="Reason">The judge's one-sentence reason.</param>
internal sealed record GroundednessJudgment(bool Supported, string Reason);

/// <summary>
/// The evaluation's LLM judge: when <c>AskBot:Eval:Judge</c> is configured, asks the <c>Judge</c> prompt function,
/// on the judge's own endpoint and model (never the answerer's, so no model grades itself), whether each claim of a
/// (non-refused) answer is supported by the passages it cites. Groundedness is the share of claims judged
/// supported; a claim citing nothing is unsupported without asking. Judgments are cached as JSON files under
/// <see cref="EvalOptions.JudgeCachePath"/>, keyed by SHA-256 of the judge's model and endpoint, the prompt's hash,
/// the claim and the passages, so a re-run asks nothing new.
/// </summary>
public sealed partial class LlmGroundednessJudge
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly IServiceProvider services;
    private readonly SupportChecker checker;
    private readonly IOptions<ChatOptions> chatOptions;
    private readonly IOptions<JudgeOptions> judgeOptions;
    private readonly IOptions<EvalOptions> evalOptions;
    private readonly ILogger<LlmGroundednessJudge> logger;
    private readonly Lazy<(Kernel Kernel, KernelFunction Judge, string PromptsFolder)> kernel;

    public LlmGroundednessJudge(
        IServiceProvider services,
        SupportChecker checker,
        IOptions<ChatOptions> chatOptions,
        IOptions<JudgeOptions> judgeOptions,
        IOptions<EvalOptions> evalOptions,
        ILogger<LlmGroundednessJudge> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(chatOptions);
        ArgumentNullException.ThrowIfNull(judgeOptions);
        ArgumentNullException.ThrowIfNull(evalOptions);
        ArgumentNullException.ThrowIfNull(logger);
        this.services = services;
        this.checker = checker;
        this.chatOptions = chatOptions;
        this.judgeOptions = judgeOptions;
        this.evalOptions = evalOptions;
        this.logger = logger;
        this.kernel = new Lazy<(Kernel, KernelFunction, string)>(this.Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True when a judge is configured (<see cref="JudgeOptions.IsConfigured"/>); otherwise groundedness is not measured.</summary>
    public bool IsEnabled => this.judgeOptions.Value.IsConfigured;

    /// <summary>The judge's model and endpoint host for reports; null when no judge is configured.</summary>
    public JudgeInfo? Info => this.judgeOptions.Value is { IsConfigured: true } judge
        ? new JudgeInfo(judge.Model!, judge.EndpointHost ?? string.Empty)
        : null;

    /// <summary>
    /// Share of <paramref name="result"/>'s claims (lead-ins excluded) the judge finds supported by their cited
    /// passages; null when the judge is off, the answer is a refusal, it has no claims, or the judge failed.
    /// </summary>
    /// <exception cref="AskBotConfigurationException">The prompts folder has no <c>Judge</c> prompt, or no judge chat service is registered.</exception>
    /// <exception cref="ChatProviderAuthenticationException">The judge's endpoint refused the credentials.</exception>
    public async Task<double?> ScoreAsync(AskResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!this.IsEnabled || result.Refused)
        {
            return null;
        }

        var (kernel, judge, promptsFolder) = this.kernel.Value;
        var promptHash = await PromptHashAsync(promptsFolder, cancellationToken).ConfigureAwait(false);
        var byNumber = result.Citations.GroupBy(c => c.N).ToDictionary(g => g.Key, g => g.First());
        var claims = 0;
        var supported = 0;
        try
        {
            foreach (var claim in AnswerClaimParser.Parse(result.Answer))
            {
                if (this.checker.IsLeadIn(claim.Text))
                {
                    continue;
                }

                claims++;
                var cited = claim.Numbers.Distinct().Where(byNumber.ContainsKey).Select(n => byNumber[n]).ToList();
                if (cited.Count == 0)
                {
                    continue;
                }

                var passages = string.Join("\n\n", cited.Select(c => $"[{c.N}] {c.Title ?? "-"} | {c.Byline ?? "-"} | {c.Date ?? "-"}\n{c.Quote}"));
                var judgment = await this.JudgeAsync(kernel, judge, promptHash, claim.Text.Trim(), passages, cancellationToken).ConfigureAwait(false);
                if (judgment.Supported)
                {
                    supported++;
                }
            }
        }
        catch (ChatProviderException ex) when (ex is not ChatProviderAuthenticationException)
        {
            this.LogJudgeFailed(ex.GetType().Name);
            return null;
        }

        return claims == 0 ? null : (double)supported / claims;
    }

    /// <summary>The judgment of one claim: from the cache when present, otherwise from the judge's model (then cached).</summary>
    internal async Task<GroundednessJudgment> JudgeAsync(Kernel kernel, KernelFunction judge, string promptHash, string claim, string passages, CancellationToken cancellationToken)
    {
        // The same claim judged by another model or server is another judgment, so both are part of the key.
        var settings = this.judgeOptions.Value;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', settings.Model, settings.EndpointHost, promptHash, claim, passages))));
        var path = Path.Combine(Path.GetFullPath(this.evalOptions.Value.JudgeCachePath), key + ".json");
        if (File.Exists(path))
        {
            try
            {
                var cached = JsonSerializer.Deserialize<GroundednessJudgment>(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), JsonOptions);
                if (cached is not null)
                {
                    return cached;
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                // A damaged or unreadable cache file is asked again and overwritten.
            }
        }

        var arguments = new KernelArguments { ["claim"] = claim, ["passages"] = passages };
        FunctionResult reply;
        try
        {
            reply = await kernel.InvokeAsync(judge, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ChatProviderException && ChatFailures.Find(ex) is { } provider)
        {
            // Semantic Kernel may wrap the provider's exception; callers handle the provider's own.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(provider);
            throw;
        }

        var judgment = Parse(reply.GetValue<string>());
        if (judgment is null)
        {
            this.LogUnreadableReply();
            return new GroundednessJudgment(false, "unreadable judge reply");
        }

        await AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(judgment, JsonOptions), cancellationToken).ConfigureAwait(false);
        return judgment;
    }

    /// <summary>Reads the first JSON object of a reply: <c>{"supported": true|false, "reason": "..."}</c>; null when there is none.</summary>
    internal static GroundednessJudgment? Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var start = reply.IndexOf('{', StringComparison.Ordinal);
        var end = reply.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(reply[start..(end + 1)]);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("supported", out var value))
            {
                return null;
            }

            bool? supported = value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out var b) => b,
                _ => null,
            };
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() ?? string.Empty : string.Empty;
            return supported is null ? null : new GroundednessJudgment(supported.Value, reason);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A kernel of its own holding only the judge's chat service and the <c>Judge</c> prompt: not the answer kernel,
    /// whose chat service is the answerer's and whose filters guard answers, not verdicts.
    /// </summary>
    private (Kernel Kernel, KernelFunction Judge, string PromptsFolder) Build()
    {
        var promptsPath = this.chatOptions.Value.PromptsPath;
        var folder = AnswerKernelProvider.ResolveFolder(promptsPath)
            ?? throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{promptsPath}' not found");
        var chat = this.services.GetKeyedService<IChatCompletionService>(JudgeOptions.ServiceKey)
            ?? throw new AskBotConfigurationException($"{JudgeOptions.SectionName}:Endpoint", "no judge chat service is registered (the OpenAI-compatible provider package registers it)");
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        var kernel = builder.Build();
        KernelPlugin prompts;
        try
        {
            prompts = kernel.CreatePluginFromPromptDirectory(folder, AnswerKernelProvider.PluginName);
        }
        catch (Exception ex) when (ex is IOException or KernelException or JsonException or ArgumentException)
        {
            throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{folder}' could not be loaded: {ex.Message}");
        }

        return prompts.TryGetFunction("Judge", out var judge)
            ? (kernel, judge, folder)
            : throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{folder}' has no 'Judge' prompt directory (skprompt.txt + config.json)");
    }

    /// <summary>SHA-256 of the Judge prompt's template and settings, so editing the prompt invalidates the cache.</summary>
    private static async Task<string> PromptHashAsync(string promptsFolder, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(promptsFolder, "Judge");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { "skprompt.txt", "config.json" })
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
            {
                sha.AppendData(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
            }

            sha.AppendData([0]);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The groundedness judge failed ({Error}); groundedness is left out for this answer")]
    private partial void LogJudgeFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The groundedness judge replied without a readable JSON verdict; the claim counts as unsupported")]
    private partial void LogUnreadableReply();
}
