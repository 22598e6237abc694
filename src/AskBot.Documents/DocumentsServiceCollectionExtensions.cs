using AskBot.Core.Corpus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AskBot.Documents;

/// <summary>Registers the readers of web pages, Markdown and PDF corpus files.</summary>
public static class DocumentsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>.html</c>/<c>.htm</c> (AngleSharp), <c>.md</c> (Markdig) and <c>.pdf</c> (PdfPig) converters; the corpus
    /// reader then reads those files beside <c>.txt</c>. Call with <c>AddAskBotCore</c>.
    /// </summary>
    public static IServiceCollection AddAskBotDocuments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, HtmlDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, MarkdownDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, PdfDocumentConverter>());
        return services;
    }
}
