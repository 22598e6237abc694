namespace AskBot.Core.Answering.Citations;

/// <summary>Why a passage does not support a claim.</summary>
public enum SupportFailure
{
    /// <summary>The passage supports the claim.</summary>
    None,

    /// <summary>Too few of the claim's words are in the passage.</summary>
    Words,

    /// <summary>A number of the claim is not in the passage, counts something else there, or is qualified differently ("over 100" is not "100").</summary>
    Number,

    /// <summary>A name of the claim is not in the passage's sentences that the claim draws on.</summary>
    Name,

    /// <summary>The claim negates what the passage affirms, or affirms what it negates.</summary>
    Negation,

    /// <summary>Two names of the claim stand in the opposite order to the passage's (subject and object swapped).</summary>
    Role,
}

/// <summary>The support check's decision on one claim and one passage, and why.</summary>
/// <param name="Failure">What failed; <see cref="SupportFailure.None"/> when supported.</param>
/// <param name="Reason">For people: what the source says instead ("negation: the source says “…”"); empty when supported.</param>
public sealed record SupportVerdict(SupportFailure Failure, string Reason)
{
    /// <summary>The verdict for a supported claim.</summary>
    public static SupportVerdict Supported { get; } = new(SupportFailure.None, string.Empty);

    /// <summary>True when the passage supports the claim.</summary>
    public bool IsSupported => this.Failure == SupportFailure.None;
}
