namespace AskBot.Core.Answering.Reading;

/// <summary>The kind of thing a question asks for, read from its question words.</summary>
public enum AnswerType
{
    /// <summary>No particular kind (what, why, how, yes/no …).</summary>
    None,

    /// <summary>A person, group or organisation (who …? which leader …?).</summary>
    Name,

    /// <summary>A date, year or time (when …? in what year …?).</summary>
    Date,

    /// <summary>A number of something (how many …? how much …? what was the total …?).</summary>
    Quantity,

    /// <summary>An age (how old …?).</summary>
    Age,

    /// <summary>A place (where …? which country …?).</summary>
    Place,
}
