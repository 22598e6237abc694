namespace AskBot.Providers.Onnx.Tests;

internal static class Vectors
{
    public static float Norm(ReadOnlySpan<float> vector)
    {
        var sum = 0.0;
        foreach (var value in vector)
        {
            sum += (double)value * value;
        }

        return (float)Math.Sqrt(sum);
    }

    public static float Cosine(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var dot = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
        }

        return (float)(dot / (Norm(a) * Norm(b)));
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= tolerance, $"components differ by up to {worst:G3} (allowed {tolerance:G3})");
    }
}
