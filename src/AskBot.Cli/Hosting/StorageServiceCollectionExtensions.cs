using AskBot.Core.Storage;
using AskBot.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AskBot.Cli.Hosting;

/// <summary>Chooses the store of shared state by <c>AskBot:Storage:Provider</c>.</summary>
internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers PostgreSQL storage when the provider is <see cref="StorageProviders.Postgres"/>; with
    /// <see cref="StorageProviders.Sqlite"/> the adapters keep their embedded defaults. An unknown provider name fails
    /// options validation at start, naming the setting.
    /// </summary>
    public static IServiceCollection AddAskBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.SectionName);
        if (Enum.TryParse<StorageProviders>(section[nameof(StorageOptions.Provider)], ignoreCase: true, out var provider)
            && provider == StorageProviders.Postgres)
        {
            services.AddAskBotPostgresStorage();
        }

        return services;
    }
}
