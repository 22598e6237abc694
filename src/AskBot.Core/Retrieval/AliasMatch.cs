namespace AskBot.Core.Retrieval;

/// <summary>An occurrence of an alias form in a term sequence.</summary>
/// <param name="Start">Index of the first matched term.</param>
/// <param name="Length">Number of matched terms.</param>
/// <param name="Group">The alias group the form belongs to.</param>
public readonly record struct AliasMatch(int Start, int Length, int Group);
