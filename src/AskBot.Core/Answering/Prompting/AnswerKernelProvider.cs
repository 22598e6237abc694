using AskBot.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// Builds the one Semantic Kernel for answering on first use: the chat-completion service registered under the
/// configured <see cref="ChatProviders"/> key (for an LLM), the prompt functions from the prompt directories under
/// <c>AskBot:Chat:PromptsPath</c> (editable without recompiling), the <see cref="OfflineAnswerPlugin"/>, and the
/// <see cref="GroundingFilter"/> and <see cref="FallbackFilter"/>.
/// </summary>
internal sealed class AnswerKernelProvider
{
    /// <summary>Plugin name the prompt directories are loaded under.</summary>
    public const string PluginName = "AskBot";

    private readonly IServiceProvider services;
    private readonly IOptions<ChatOptions> options;
    private readonly Lazy<AnswerKernel> kernel;

    public AnswerKernelProvider(IServiceProvider services, IOptions<ChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        this.services = services;
        this.options = options;
        this.kernel = new Lazy<AnswerKernel>(this.Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The kernel and functions, built (and prompts read from disk) on the first call.</summary>
    /// <exception cref="AskBotConfigurationException">The provider is not available or the prompts folder is missing.</exception>
    public AnswerKernel Get() => this.kernel.Value;

    /// <summary>Resolves a possibly relative folder against the working directory, then the application folder.</summary>
    public static string? ResolveFolder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path))
        {
            return Directory.Exists(path) ? path : null;
        }

        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var candidate = Path.GetFullPath(Path.Combine(root, path));
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private AnswerKernel Build()
    {
        var settings = this.options.Value;
        var provider = settings.Provider;
        var folder = ResolveFolder(settings.PromptsPath)
            ?? throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{settings.PromptsPath}' not found");

        var builder = Kernel.CreateBuilder();
        if (provider.IsLanguageModel())
        {
            var chat = this.services.GetKeyedService<IChatCompletionService>(provider)
                ?? throw new AskBotConfigurationException($"{ChatOptions.SectionName}:Provider", $"no chat provider '{provider}' is registered");
            builder.Services.AddSingleton(chat);
        }

        // Registration order is nesting order: the guard is outside the fallback, so it checks whichever function answered.
        builder.Services.AddSingleton<IFunctionInvocationFilter>(this.services.GetRequiredService<GroundingFilter>());
        builder.Services.AddSingleton<IFunctionInvocationFilter>(this.services.GetRequiredService<FallbackFilter>());
        var kernel = builder.Build();

        KernelPlugin prompts;
        try
        {
            prompts = kernel.CreatePluginFromPromptDirectory(folder, PluginName);
        }
        catch (Exception ex) when (ex is IOException or KernelException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{folder}' could not be loaded: {ex.Message}");
        }

        var offline = kernel.ImportPluginFromObject(this.services.GetRequiredService<OfflineAnswerPlugin>(), OfflineAnswerPlugin.PluginName);
        kernel.Plugins.Add(prompts);
        var answer = provider switch
        {
            ChatProviders.Extractive => offline[AnswerKernel.AnswerFunctionName],
            ChatProviders.TopSentence => offline[AnswerKernel.TopSentenceFunctionName],
            _ => Require(prompts, AnswerKernel.AnswerFunctionName, folder),
        };

        return new AnswerKernel(kernel, answer, Require(prompts, "Rewrite", folder), provider.ToString())
        {
            Judge = prompts.TryGetFunction("Judge", out var judge) ? judge : null,
            PromptsFolder = folder,
            AnswersWithModel = provider.IsLanguageModel(),
        };
    }

    private static KernelFunction Require(KernelPlugin plugin, string name, string folder) =>
        plugin.TryGetFunction(name, out var function)
            ? function
            : throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{folder}' has no '{name}' prompt directory (skprompt.txt + config.json)");
}
