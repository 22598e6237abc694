namespace AskBot.Core.Storage;

/// <summary>
/// Remembers which incoming events (a chat message, a command invocation) have been taken on, so an event delivered
/// again — a gateway replay after a resume, a restart, or the same event reaching another process — is answered once.
/// </summary>
public interface IProcessedEventLedger
{
    /// <summary>
    /// Claims <paramref name="eventKey"/> atomically: true for the one caller that claims it first (it handles the
    /// event), false for every later caller, in this process or any other sharing the store.
    /// </summary>
    Task<bool> TryClaimAsync(string eventKey, CancellationToken cancellationToken);
}
