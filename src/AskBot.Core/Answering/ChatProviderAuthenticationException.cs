namespace AskBot.Core.Answering;

/// <summary>
/// The provider refused the credentials (401/403). Not retried and not hidden by a fallback: the user must fix
/// <see cref="SettingPath"/> (e.g. <c>AskBot:Chat:ApiKey</c>). Adapters turn it into a one-line error.
/// </summary>
public sealed class ChatProviderAuthenticationException : ChatProviderException
{
    public ChatProviderAuthenticationException()
    {
        this.SettingPath = string.Empty;
    }

    public ChatProviderAuthenticationException(string message)
        : base(message)
    {
        this.SettingPath = string.Empty;
    }

    public ChatProviderAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
        this.SettingPath = string.Empty;
    }

    public ChatProviderAuthenticationException(string settingPath, string message, Exception? innerException)
        : base(message, innerException ?? new InvalidOperationException(message))
    {
        this.SettingPath = settingPath;
    }

    /// <summary>The setting to fix.</summary>
    public string SettingPath { get; }
}
