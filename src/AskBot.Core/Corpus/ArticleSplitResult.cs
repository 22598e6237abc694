namespace AskBot.Core.Corpus;

/// <summary>The articles found in one document and how many lines were dropped as boilerplate or source credits.</summary>
internal sealed record ArticleSplitResult(IReadOnlyList<Article> Articles, int BoilerplateLinesDropped);
