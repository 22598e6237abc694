using AskBot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace AskBot.Cli.Hosting;

/// <summary>
/// Lets <c>askbot</c> run from any folder: a relative <c>AskBot:Chat:PromptsPath</c> that does not exist under the
/// working directory resolves to the copy shipped beside the executable.
/// </summary>
public sealed class PromptsPathFallback : IPostConfigureOptions<ChatOptions>
{
    public void PostConfigure(string? name, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.PromptsPath;
        if (string.IsNullOrWhiteSpace(configured) || Path.IsPathRooted(configured) || Directory.Exists(Path.GetFullPath(configured)))
        {
            return;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, configured);
        if (Directory.Exists(shipped))
        {
            options.PromptsPath = shipped;
        }
    }
}
