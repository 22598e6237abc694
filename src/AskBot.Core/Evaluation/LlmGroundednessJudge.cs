using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AskBot.Core.Answering;
using AskBot.Core.Answering.Citations;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Evaluation;

/// <summary>One judgment of the <c>Judge</c> prompt: whether the cited passages support a claim.</summary>
/// <param name="Supported">The judge's verdict.</param>
/// <param name="Reason">The judge's one-sentence reason.</param>
public sealed record GroundednessJudgment(bool Supported, string Reason);

/// <summary>
/// The evaluation's LLM judge: when the chat provider is an LLM, asks the <c>Judge</c> prompt function whether
/// each claim of a (non-refused) answer is supported by the passages it cites. Groundedness is the share of
/// claims judged supported; a claim citing nothing is unsupported without asking. Judgments are cached as JSON
/// files under <see cref="EvalOptions.JudgeCachePath"/>, keyed by SHA-256 of the model, the prompt's hash,
/// the claim and the passages, so a re-run asks nothing new.
/// </summary>
public sealed partial class LlmGroundednessJudge
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly AnswerKernelProvider kernels;
    private readonly SupportChecker checker;
    private readonly IOptions<ChatOptions> chatOptions;
    private readonly IOptions<EvalOptions> evalOptions;
    private readonly ILogger<LlmGroundednessJudge> logger;

    public LlmGroundednessJudge(
        AnswerKernelProvider kernels,
        SupportChecker checker,
        IOptions<ChatOptions> chatOptions,
        IOptions<EvalOptions> evalOptions,
        ILogger<LlmGroundednessJudge> logger)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(chatOptions);
        ArgumentNullException.ThrowIfNull(evalOptions);
        ArgumentNullException.ThrowIfNull(logger);
        this.kernels = kernels;
        this.checker = checker;
        this.chatOptions = chatOptions;
        this.evalOptions = evalOptions;
        this.logger = logger;
    }

    /// <summary>True when the configured chat provider is an LLM (not an offline answerer).</summary>
    public bool IsEnabled => this.chatOptions.Value.Provider.IsLanguageModel();

    /// <summary>
    /// Share of <paramref name="result"/>'s claims (lead-ins excluded) the judge finds supported by their cited
    /// passages; null when the judge is off, the answer is a refusal, it has no claims, or the judge failed.
    /// </summary>
    /// <exception cref="AskBotConfigurationException">The prompts folder has no <c>Judge</c> prompt.</exception>
    /// <exception cref="ChatProviderAuthenticationException">The provider refused the credentials.</exception>
    public async Task<double?> ScoreAsync(AskResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!this.IsEnabled || result.Refused)
        {
            return null;
        }

        var kernel = this.kernels.Get();
        var judge = kernel.Judge
            ?? throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{kernel.PromptsFolder}' has no 'Judge' prompt directory (skprompt.txt + config.json)");
        var promptHash = await PromptHashAsync(kernel.PromptsFolder, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The judgment of one claim: from the cache when present, otherwise from the model (then cached).</summary>
    internal async Task<GroundednessJudgment> JudgeAsync(AnswerKernel kernel, KernelFunction judge, string promptHash, string claim, string passages, CancellationToken cancellationToken)
    {
        var model = this.chatOptions.Value.Model ?? kernel.ProviderName;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', model, promptHash, claim, passages))));
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
            reply = await kernel.Kernel.InvokeAsync(judge, arguments, cancellationToken).ConfigureAwait(false);
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
