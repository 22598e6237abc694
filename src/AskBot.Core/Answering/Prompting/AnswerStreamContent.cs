using System.Text;
using AskBot.Core.Answering.Citations;
using Microsoft.SemanticKernel;

namespace AskBot.Core.Answering.Prompting;

/// <summary>
/// An item of an answer stream that carries a whole draft: the offline answer that replaces a model's stream which
/// failed part way. The grounding filter consumes it.
/// </summary>
internal sealed class DraftAnswerContent(DraftAnswer draft) : StreamingKernelContent
{
    /// <summary>The draft.</summary>
    public DraftAnswer Draft { get; } = draft;

    /// <inheritdoc />
    public override string ToString() => string.Empty;

    /// <inheritdoc />
    public override byte[] ToByteArray() => [];
}

/// <summary>The last item of an answer stream: the guarded answer. Everything before it is the model's raw text.</summary>
internal sealed class GroundedAnswerContent(GroundedAnswer answer) : StreamingKernelContent
{
    /// <summary>The answer after the grounding guard.</summary>
    public GroundedAnswer Answer { get; } = answer;

    /// <inheritdoc />
    public override string ToString() => this.Answer.Answer;

    /// <inheritdoc />
    public override byte[] ToByteArray() => Encoding.UTF8.GetBytes(this.Answer.Answer);
}
