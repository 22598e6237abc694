using AskBot.Cli.Errors;
using AskBot.Cli.Hosting;
using Microsoft.Extensions.Configuration;

namespace AskBot.Cli.Tests.Unit;

/// <summary>Configuration layers and config-file errors.</summary>
public sealed class CliConfigurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("askbot-config-").FullName;

    public void Dispose() => Directory.Delete(this.folder, recursive: true);

    [Fact]
    public void Shipped_appsettings_supplies_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddAskBotCliConfiguration(null).Build();

        Assert.Equal("2000", configuration["AskBot:Chat:MaxQuestionChars"]);
        Assert.Equal("Hybrid", configuration["AskBot:Retrieval:Mode"]);
    }

    [Fact]
    public void Config_file_is_the_last_layer()
    {
        var file = Path.Combine(this.folder, "override.json");
        File.WriteAllText(file, """{ "AskBot": { "Retrieval": { "TopK": 3 } } }""");

        var configuration = new ConfigurationBuilder().AddAskBotCliConfiguration(new FileInfo(file)).Build();

        Assert.Equal("3", configuration["AskBot:Retrieval:TopK"]);
        Assert.Equal("Hybrid", configuration["AskBot:Retrieval:Mode"]);
    }

    [Fact]
    public void Missing_config_file_is_a_usage_error_naming_it()
    {
        var file = Path.Combine(this.folder, "absent.json");

        var exception = Assert.Throws<CliUsageException>(() => new ConfigurationBuilder().AddAskBotCliConfiguration(new FileInfo(file)));

        Assert.Contains(file, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_config_file_is_a_usage_error_naming_it()
    {
        var file = Path.Combine(this.folder, "broken.json");
        File.WriteAllText(file, "{ nope");

        var exception = Assert.Throws<CliUsageException>(() => new ConfigurationManager().AddAskBotCliConfiguration(new FileInfo(file)));

        Assert.Contains(file, exception.Message, StringComparison.Ordinal);
    }
}
