using System.Runtime.CompilerServices;
using AskBot.Core.Answering;
using AskBot.Providers.OpenAI.Http;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AskBot.Providers.OpenAI.Chat;

/// <summary>
/// Wraps Semantic Kernel's OpenAI chat service and turns every failure into the Core contract:
/// 401/403 → <see cref="ChatProviderAuthenticationException"/> (never retried); timeouts, 429/5xx after the
/// HTTP retries, unreachable servers, malformed or empty responses and content-filter stops →
/// <see cref="ChatProviderException"/> with a short reason that never holds the key. Only the HTTP pipeline
/// (<see cref="ProviderResilience"/>) retries: a malformed or empty answer fails at once, so the offline reader
/// answers instead of the same request being sent again.
/// </summary>
internal sealed partial class ProviderChatCompletionService : IChatCompletionService
{
    private readonly IChatCompletionService inner;
    private readonly ProviderConnection connection;
    private readonly ILogger logger;

    public ProviderChatCompletionService(IChatCompletionService inner, ProviderConnection connection, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(logger);
        this.inner = inner;
        this.connection = connection;
        this.logger = logger;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes => this.inner.Attributes;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ChatMessageContent> results;
        try
        {
            results = await this.inner.GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ProviderFailure.Classify(ex, this.connection, cancellationToken) is { } failure)
        {
            throw this.Translate(failure, ex);
        }

        var problem = results.Count == 0
            ? "sent no choices"
            : IsContentFilter(results[0].Metadata)
                ? "stopped the answer (content filter)"
                : string.IsNullOrWhiteSpace(results[0].Content) ? "sent an empty answer" : null;
        return problem is null ? results : throw this.Fail(problem, null);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<StreamingChatMessageContent> updates;
        try
        {
            updates = this.inner.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken)
                .GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ProviderFailure.Classify(ex, this.connection, cancellationToken) is { } failure)
        {
            throw this.Translate(failure, ex);
        }

        await using (updates.ConfigureAwait(false))
        {
            var sawContent = false;
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ProviderFailure.Classify(ex, this.connection, cancellationToken) is { } failure)
                {
                    throw this.Translate(failure, ex);
                }

                var update = updates.Current;
                if (IsContentFilter(update.Metadata))
                {
                    throw this.Fail("stopped the answer (content filter)", null);
                }

                sawContent |= !string.IsNullOrEmpty(update.Content);
                yield return update;
            }

            if (!sawContent)
            {
                throw this.Fail("streamed an empty answer", null);
            }
        }
    }

    private static bool IsContentFilter(IReadOnlyDictionary<string, object?>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue("FinishReason", out var reason) || reason is null)
        {
            return false;
        }

        var text = reason.ToString();
        return string.Equals(text, "ContentFilter", StringComparison.OrdinalIgnoreCase)
            || string.Equals(text, "content_filter", StringComparison.OrdinalIgnoreCase);
    }

    private ChatProviderException Translate(ProviderFailure failure, Exception exception)
    {
        var inner = failure.SafeInner(exception, this.connection);
        if (failure.IsAuthentication)
        {
            this.LogFailure(this.connection.ProviderName, failure.Reason);
            return new ChatProviderAuthenticationException(
                this.connection.ApiKeySettingPath,
                $"the chat provider rejected the API key (HTTP {(int)failure.Status!.Value}); set {this.connection.ApiKeyEnvironmentVariable}",
                inner);
        }

        return this.Fail(failure.Reason, inner);
    }

    private ChatProviderException Fail(string reason, Exception? inner)
    {
        this.LogFailure(this.connection.ProviderName, reason);
        var message = this.connection.Scrub($"chat provider {this.connection.ProviderName} {reason}");
        return inner is null ? new ChatProviderException(message) : new ChatProviderException(message, inner);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Provider} chat call failed: {Reason}")]
    private partial void LogFailure(string provider, string reason);
}
