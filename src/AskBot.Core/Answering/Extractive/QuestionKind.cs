namespace AskBot.Core.Answering.Extractive;

/// <summary>What kind of answer a question expects; decides whether a short direct answer leads the reply.</summary>
public enum QuestionKind
{
    /// <summary>No specific answer type (what/why/how/yes-no and the rest).</summary>
    Open,

    /// <summary>Who…? — a person or group name.</summary>
    Who,

    /// <summary>When…? / What year…? — a date.</summary>
    When,

    /// <summary>Where…? — a place.</summary>
    Where,

    /// <summary>How many / how much…? — a figure.</summary>
    HowMany,

    /// <summary>How old…? — an age.</summary>
    HowOld,
}
