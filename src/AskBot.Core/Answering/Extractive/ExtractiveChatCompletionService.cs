using System.Runtime.CompilerServices;
using AskBot.Core.Answering.Prompting;
using AskBot.Core.Configuration;
using AskBot.Core.Indexing;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Core.Answering.Extractive;

/// <summary>
/// The offline chat-completion service: registered where Semantic Kernel expects an LLM, it reads the
/// rendered answer prompt (numbered sources and the question) and replies with an extractive answer.
/// </summary>
public sealed class ExtractiveChatCompletionService : IChatCompletionService
{
    /// <summary>Model id reported in message metadata.</summary>
    public const string ModelId = "askbot-extractive";

    private readonly ExtractiveAnswerComposer composer;
    private readonly ICorpusIndexSource indexSource;
    private readonly IOptions<ChatOptions> options;

    public ExtractiveChatCompletionService(ExtractiveAnswerComposer composer, ICorpusIndexSource indexSource, IOptions<ChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(indexSource);
        ArgumentNullException.ThrowIfNull(options);
        this.composer = composer;
        this.indexSource = indexSource;
        this.options = options;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { ["ModelId"] = ModelId };

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        var answer = await this.AnswerAsync(chatHistory, cancellationToken).ConfigureAwait(false);
        return [new ChatMessageContent(AuthorRole.Assistant, answer, ModelId)];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        var answer = await this.AnswerAsync(chatHistory, cancellationToken).ConfigureAwait(false);

        // Stream line by line, as a model would emit it, so streaming consumers behave the same offline.
        foreach (var line in answer.Split('\n'))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, line + "\n", modelId: ModelId);
        }
    }

    private async Task<string> AnswerAsync(ChatHistory chatHistory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = await this.indexSource.GetIndexAsync(cancellationToken).ConfigureAwait(false);
        var user = chatHistory.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? string.Empty;
        var (question, sources) = SourceFormat.Parse(user);
        return this.composer.Compose(question, sources, this.options.Value.MaxAnswerSentences, AnswerTexts.Refusal, index);
    }
}
