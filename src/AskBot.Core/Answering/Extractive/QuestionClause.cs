namespace AskBot.Core.Answering.Extractive;

/// <summary>One thing a question asks about: alternative terms that all count as a match, and whether it names something.</summary>
/// <param name="Terms">Alternative terms (stems, a mined alias-group term, fuzzy corrections, word-family members).</param>
/// <param name="IsName">True for names (alias groups, capitalised words): an answer may take those from its passage's context.</param>
public sealed record QuestionClause(IReadOnlySet<string> Terms, bool IsName);
