namespace AskBot.Core.Retrieval;

/// <summary>A question turned into BM25 clauses and the text to embed for vector search.</summary>
/// <param name="Clauses">Lexical clauses (alias groups and fuzzy guesses already resolved).</param>
/// <param name="VectorText">Text to embed: the content words with every alias group spelled out in all its forms.</param>
/// <param name="AliasGroups">Alias groups the question names.</param>
internal sealed record AnalyzedQuery(IReadOnlyList<QueryClause> Clauses, string VectorText, IReadOnlyList<int> AliasGroups);
