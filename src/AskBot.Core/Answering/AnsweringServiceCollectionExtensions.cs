using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Core.Answering;

/// <summary>Registers the Semantic Kernel answer step, the chat-completion provider and the ask service.</summary>
public static class AnsweringServiceCollectionExtensions
{
    public static IServiceCollection AddAskBotAnswering(this IServiceCollection services)
    {
        // Filled in by the answering work.
        return services;
    }
}
