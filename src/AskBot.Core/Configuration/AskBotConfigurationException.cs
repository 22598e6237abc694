namespace AskBot.Core.Configuration;

/// <summary>A setting is missing or wrong. <see cref="SettingPath"/> names it (e.g. <c>AskBot:Chat:Provider</c>) so the user knows what to fix.</summary>
public sealed class AskBotConfigurationException : Exception
{
    public AskBotConfigurationException()
    {
        this.SettingPath = string.Empty;
    }

    public AskBotConfigurationException(string message)
        : base(message)
    {
        this.SettingPath = string.Empty;
    }

    public AskBotConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.SettingPath = string.Empty;
    }

    public AskBotConfigurationException(string settingPath, string message)
        : base($"invalid setting {settingPath}: {message}")
    {
        this.SettingPath = settingPath;
    }

    /// <summary>Configuration path of the offending setting.</summary>
    public string SettingPath { get; }
}
