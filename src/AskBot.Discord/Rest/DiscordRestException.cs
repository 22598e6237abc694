using System.Net;

namespace AskBot.Discord.Rest;

/// <summary>Discord answered a REST call with an error that retries did not cure.</summary>
public class DiscordRestException : Exception
{
    public DiscordRestException()
    {
    }

    public DiscordRestException(string message)
        : base(message)
    {
    }

    public DiscordRestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DiscordRestException(HttpStatusCode status, int? code, string message)
        : base(message)
    {
        this.Status = status;
        this.Code = code;
    }

    /// <summary>HTTP status of the last attempt.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Discord's JSON error code (e.g. 50013 missing permissions, 160004 thread exists), if any.</summary>
    public int? Code { get; }
}

/// <summary>Discord refused the token (401). The token must not be used again.</summary>
public sealed class DiscordUnauthorizedException : DiscordRestException
{
    public DiscordUnauthorizedException()
        : base(HttpStatusCode.Unauthorized, null, "Discord refused the bot token (401); check AskBot:Discord:Token.")
    {
    }

    public DiscordUnauthorizedException(string message)
        : base(HttpStatusCode.Unauthorized, null, message)
    {
    }

    public DiscordUnauthorizedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
