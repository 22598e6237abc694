using System.Text.Json.Serialization;

namespace AskBot.Core.Answering.Reading;

/// <summary>A fitted model that gives named features a probability: a logistic regression or a tree ensemble.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(LinearModel), "logisticRegression")]
[JsonDerivedType(typeof(TreeEnsembleModel), "boostedTrees")]
internal abstract record ProbabilityModel([property: JsonPropertyName("features")] IReadOnlyList<string> Features)
{
    /// <summary>The probability the model gives <paramref name="features"/> (laid out as <see cref="Features"/>).</summary>
    public abstract double Probability(ReadOnlySpan<double> features);

    /// <summary>Throws unless the model was fitted on exactly <paramref name="expected"/>, in that order, with finite parameters.</summary>
    /// <exception cref="InvalidDataException">The model was fitted on other features, or is damaged.</exception>
    public void Check(IReadOnlyList<string> expected, string name)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (this.Features is null || !this.Features.SequenceEqual(expected, StringComparer.Ordinal) || !this.IsWellFormed())
        {
            throw new InvalidDataException($"The reader's {name} model was fitted on other features ({string.Join(", ", this.Features ?? [])}) or is damaged; fit it again.");
        }
    }

    /// <summary>True when the parameters fit the features and are finite.</summary>
    protected abstract bool IsWellFormed();
}

/// <summary>A logistic regression: named features, their weights and a bias, as fitted by ML.NET (L-BFGS).</summary>
/// <param name="Features">Feature names, in the order of <paramref name="Weights"/>.</param>
/// <param name="Weights">One weight per feature.</param>
/// <param name="Bias">The intercept.</param>
internal sealed record LinearModel(
    IReadOnlyList<string> Features,
    [property: JsonPropertyName("weights")] IReadOnlyList<double> Weights,
    [property: JsonPropertyName("bias")] double Bias) : ProbabilityModel(Features)
{
    /// <inheritdoc />
    public override double Probability(ReadOnlySpan<double> features)
    {
        var z = this.Bias;
        for (var i = 0; i < this.Weights.Count; i++)
        {
            z += this.Weights[i] * features[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <inheritdoc />
    protected override bool IsWellFormed() =>
        this.Weights is not null && this.Weights.Count == this.Features.Count && this.Weights.All(double.IsFinite) && double.IsFinite(this.Bias);
}

/// <summary>
/// Gradient-boosted regression trees as fitted by ML.NET FastTree, with their Platt calibration: the sum of the trees'
/// leaves is the score, and <c>1 / (1 + exp(Slope · score + Offset))</c> the probability.
/// </summary>
/// <param name="Features">Feature names the trees split on, by index.</param>
/// <param name="Trees">The trees.</param>
/// <param name="Slope">Platt slope.</param>
/// <param name="Offset">Platt offset.</param>
internal sealed record TreeEnsembleModel(
    IReadOnlyList<string> Features,
    [property: JsonPropertyName("trees")] IReadOnlyList<RegressionTree> Trees,
    [property: JsonPropertyName("slope")] double Slope,
    [property: JsonPropertyName("offset")] double Offset) : ProbabilityModel(Features)
{
    /// <inheritdoc />
    public override double Probability(ReadOnlySpan<double> features)
    {
        var score = 0.0;
        foreach (var tree in this.Trees)
        {
            score += tree.Evaluate(features);
        }

        return 1 / (1 + Math.Exp((this.Slope * score) + this.Offset));
    }

    /// <inheritdoc />
    protected override bool IsWellFormed() =>
        this.Trees is not null && double.IsFinite(this.Slope) && double.IsFinite(this.Offset)
        && this.Trees.All(t => t is not null && t.IsWellFormed(this.Features.Count));
}

/// <summary>
/// One regression tree: node <c>n</c> sends a value at or below <c>Thresholds[n]</c> of feature <c>SplitFeatures[n]</c> to
/// <c>Left[n]</c>, others to <c>Right[n]</c>; a negative child <c>c</c> is leaf <c>~c</c>.
/// </summary>
internal sealed record RegressionTree(
    [property: JsonPropertyName("splitFeatures")] int[] SplitFeatures,
    [property: JsonPropertyName("thresholds")] double[] Thresholds,
    [property: JsonPropertyName("left")] int[] Left,
    [property: JsonPropertyName("right")] int[] Right,
    [property: JsonPropertyName("leaves")] double[] Leaves)
{
    /// <summary>The value of the leaf <paramref name="features"/> reach.</summary>
    public double Evaluate(ReadOnlySpan<double> features)
    {
        if (this.SplitFeatures.Length == 0)
        {
            return this.Leaves[0];
        }

        var node = 0;
        while (node >= 0)
        {
            node = features[this.SplitFeatures[node]] <= this.Thresholds[node] ? this.Left[node] : this.Right[node];
        }

        return this.Leaves[~node];
    }

    /// <summary>True when every index is in range, so evaluation cannot fail.</summary>
    /// <remarks>A child node always comes after its parent, so evaluation cannot loop.</remarks>
    public bool IsWellFormed(int featureCount)
    {
        if (this.SplitFeatures is null || this.Thresholds is null || this.Left is null || this.Right is null || this.Leaves is null)
        {
            return false;
        }

        var nodes = this.SplitFeatures.Length;
        if (this.Leaves.Length != nodes + 1 || this.Thresholds.Length != nodes || this.Left.Length != nodes || this.Right.Length != nodes)
        {
            return false;
        }

        bool ValidChild(int parent, int child) => child >= 0 ? child > parent && child < nodes : ~child < this.Leaves.Length;
        for (var n = 0; n < nodes; n++)
        {
            if (!ValidChild(n, this.Left[n]) || !ValidChild(n, this.Right[n]))
            {
                return false;
            }
        }

        return this.SplitFeatures.All(f => f >= 0 && f < featureCount) && this.Leaves.All(double.IsFinite) && this.Thresholds.All(double.IsFinite);
    }
}
