using System.Globalization;

namespace AskBot.Benchmarks.Support;

/// <summary>Minimal "--name value" parser: every problem is a <see cref="UsageException"/> naming the flag.</summary>
internal sealed class ArgReader
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public ArgReader(string[] args, IReadOnlySet<string> known)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!known.Contains(name))
            {
                throw new UsageException($"unknown argument '{name}' (expected one of {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"{name} needs a value");
            }

            if (!this.values.TryAdd(name, args[++i]))
            {
                throw new UsageException($"{name} given twice");
            }
        }
    }

    public string? String(string name) => this.values.GetValueOrDefault(name);

    public string RequiredString(string name) => this.String(name) ?? throw new UsageException($"{name} is required");

    public int Int(string name, int? fallback, int min, int max)
    {
        if (!this.values.TryGetValue(name, out var text))
        {
            return fallback ?? throw new UsageException($"{name} is required");
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{name} must be an integer from {min} to {max}, got '{text}'");
        }

        return value;
    }
}
