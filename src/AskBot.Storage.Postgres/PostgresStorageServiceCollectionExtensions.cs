using AskBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AskBot.Storage.Postgres;

/// <summary>Registers the PostgreSQL store of shared state.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers feedback, the processed-event ledger and conversation memory on the database of
    /// <c>AskBot:Storage:ConnectionString</c> (options bound by <c>AddAskBotCore</c>). Call before the adapters that use
    /// them, whose embedded defaults it replaces. The schema is created or migrated on first use.
    /// </summary>
    public static IServiceCollection AddAskBotPostgresStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IFeedbackStore, PostgresFeedbackStore>();
        services.AddSingleton<IProcessedEventLedger, PostgresEventLedger>();
        services.AddSingleton<IConversationMemory, PostgresConversationMemory>();
        return services;
    }
}
