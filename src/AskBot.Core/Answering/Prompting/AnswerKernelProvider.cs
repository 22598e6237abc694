using System.Collections.Concurrent;
using AskBot.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// Builds the Semantic Kernel for answering on first use: the chat-completion service is the one
/// registered under the configured <see cref="ChatProviders"/> key, and the prompt functions come from
/// the prompt directories under <c>AskBot:Chat:PromptsPath</c> (editable without recompiling).
/// </summary>
public sealed class AnswerKernelProvider
{
    /// <summary>Plugin name the prompt directories are loaded under.</summary>
    public const string PluginName = "AskBot";

    private readonly IServiceProvider services;
    private readonly IOptions<ChatOptions> options;
    private readonly ConcurrentDictionary<ChatProviders, Lazy<AnswerKernel>> kernels = new();

    public AnswerKernelProvider(IServiceProvider services, IOptions<ChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        this.services = services;
        this.options = options;
    }

    /// <summary>The configured provider's kernel and functions, built (and prompts read from disk) on the first call.</summary>
    /// <exception cref="AskBotConfigurationException">The provider is not available or the prompts folder is missing.</exception>
    public AnswerKernel Get() => this.Get(this.options.Value.Provider);

    /// <summary>
    /// The kernel and functions of <paramref name="provider"/> (e.g. <see cref="ChatProviders.Extractive"/> for the
    /// offline fallback), built on the first call for that provider.
    /// </summary>
    /// <exception cref="AskBotConfigurationException">The provider is not available or the prompts folder is missing.</exception>
    public AnswerKernel Get(ChatProviders provider) =>
        this.kernels.GetOrAdd(provider, p => new Lazy<AnswerKernel>(() => this.Build(p), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

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

    private AnswerKernel Build(ChatProviders provider)
    {
        var settings = this.options.Value;
        var chat = this.services.GetKeyedService<IChatCompletionService>(provider)
            ?? throw new AskBotConfigurationException($"{ChatOptions.SectionName}:Provider", $"no chat provider '{provider}' is registered");
        var folder = ResolveFolder(settings.PromptsPath)
            ?? throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{settings.PromptsPath}' not found");

        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat);
        var kernel = builder.Build();
        KernelPlugin plugin;
        try
        {
            plugin = kernel.CreatePluginFromPromptDirectory(folder, PluginName);
        }
        catch (Exception ex) when (ex is IOException or KernelException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{folder}' could not be loaded: {ex.Message}");
        }

        return new AnswerKernel(kernel, Require(plugin, "Answer", folder), Require(plugin, "Rewrite", folder), provider.ToString())
        {
            Judge = plugin.TryGetFunction("Judge", out var judge) ? judge : null,
            PromptsFolder = folder,
        };
    }

    private static KernelFunction Require(KernelPlugin plugin, string name, string folder) =>
        plugin.TryGetFunction(name, out var function)
            ? function
            : throw new AskBotConfigurationException($"{ChatOptions.SectionName}:PromptsPath", $"prompt folder '{folder}' has no '{name}' prompt directory (skprompt.txt + config.json)");
}
