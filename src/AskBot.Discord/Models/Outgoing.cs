namespace AskBot.Discord.Models;

/// <summary><c>allowed_mentions</c>. Only <see cref="None"/> exists: no answer may ping @everyone, a role or a user.</summary>
public sealed record AllowedMentions
{
    private AllowedMentions()
    {
    }

    /// <summary><c>{"parse":[],"replied_user":false}</c>.</summary>
    public static AllowedMentions None { get; } = new();

    public IReadOnlyList<string> Parse { get; } = [];

    public bool RepliedUser => false;
}

/// <summary>One embed field (name ≤ 256, value ≤ 1024 characters).</summary>
public sealed record EmbedField(string Name, string Value, bool Inline = false);

/// <summary>An embed footer (≤ 2048 characters).</summary>
public sealed record EmbedFooter(string Text);

/// <summary>A rich embed (title ≤ 256, description ≤ 4096, ≤ 25 fields; ≤ 6000 characters across a message's embeds).</summary>
public sealed record Embed(string? Title = null, string? Description = null, IReadOnlyList<EmbedField>? Fields = null, EmbedFooter? Footer = null);

/// <summary>A button (type 2). Style 1 Primary, 2 Secondary, 3 Success, 4 Danger.</summary>
public sealed record Button(int Style, string Label, string CustomId, bool Disabled = false)
{
    public int Type => ComponentTypes.Button;
}

/// <summary>A row of at most five buttons (type 1).</summary>
public sealed record ActionRow(IReadOnlyList<Button> Components)
{
    public int Type => ComponentTypes.ActionRow;
}

/// <summary>Makes a message a reply (<c>message_reference</c>).</summary>
public sealed record MessageReferencePayload(string MessageId, bool FailIfNotExists = false);

/// <summary>
/// The body of a created or edited message, of an interaction response's <c>data</c>, and of a webhook follow-up.
/// <see cref="AllowedMentions"/> is always <c>{"parse":[]}</c>.
/// </summary>
public sealed record MessagePayload(
    string? Content = null,
    IReadOnlyList<Embed>? Embeds = null,
    IReadOnlyList<ActionRow>? Components = null,
    MessageReferencePayload? MessageReference = null,
    int? Flags = null)
{
    public AllowedMentions AllowedMentions => AllowedMentions.None;
}

/// <summary>An interaction callback (<c>POST /interactions/{id}/{token}/callback</c>).</summary>
public sealed record InteractionResponse(int Type, MessagePayload? Data = null);

/// <summary>An option of an application command.</summary>
public sealed record ApplicationCommandOption(int Type, string Name, string Description, bool Required = false);

/// <summary>An application command as registered with <c>PUT /applications/{id}/commands</c>.</summary>
public sealed record ApplicationCommand(string Name, string Description, IReadOnlyList<ApplicationCommandOption> Options, int Type = 1);

/// <summary>Body of <c>POST /channels/{cid}/messages/{mid}/threads</c>.</summary>
public sealed record StartThreadPayload(string Name, int AutoArchiveDuration = 1440);
