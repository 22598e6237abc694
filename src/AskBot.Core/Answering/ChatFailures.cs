namespace AskBot.Core.Answering;

/// <summary>Recognises chat-provider failures, also when Semantic Kernel wrapped them.</summary>
internal static class ChatFailures
{
    /// <summary>The <see cref="ChatProviderException"/> in <paramref name="exception"/> or its inner exceptions (KernelException, HttpOperationException, AggregateException wrappers), or null.</summary>
    public static ChatProviderException? Find(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is ChatProviderException provider)
            {
                return provider;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(e => e is not null);
            }
        }

        return null;
    }

    /// <summary>Rethrows a (possibly wrapped) <see cref="ChatProviderAuthenticationException"/> unwrapped, so adapters see it as is.</summary>
    public static void ThrowIfAuthentication(Exception exception)
    {
        if (Find(exception) is ChatProviderAuthenticationException authentication)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(authentication);
        }
    }

    /// <summary>True for a cancellation the caller did not ask for (an HTTP or provider timeout).</summary>
    public static bool IsTimeout(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (exception is OperationCanceledException or TimeoutException
            || exception.InnerException is OperationCanceledException or TimeoutException);

    /// <summary>The first line of <paramref name="message"/>, without a final period, at most <paramref name="maxChars"/> characters.</summary>
    public static string Shorten(string message, int maxChars)
    {
        var line = message.Split('\n', 2)[0].Trim().TrimEnd('.').Trim();
        if (line.Length == 0)
        {
            return "unknown error";
        }

        return line.Length <= maxChars ? line : line[..(maxChars - 1)].TrimEnd() + "…";
    }
}
