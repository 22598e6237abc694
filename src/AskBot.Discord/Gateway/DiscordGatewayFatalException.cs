namespace AskBot.Discord.Gateway;

/// <summary>The gateway stopped for good: a close code that must not be retried, or too many identifies.</summary>
public sealed class DiscordGatewayFatalException : Exception
{
    public DiscordGatewayFatalException()
    {
    }

    public DiscordGatewayFatalException(string message)
        : base(message)
    {
    }

    public DiscordGatewayFatalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordGatewayFatalException(int? closeCode, string message)
        : base(message)
    {
        this.CloseCode = closeCode;
    }

    /// <summary>The close code Discord sent, if the stop came from one.</summary>
    public int? CloseCode { get; }
}
