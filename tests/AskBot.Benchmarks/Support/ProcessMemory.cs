using System.Diagnostics;
using System.Globalization;

namespace AskBot.Benchmarks.Support;

/// <summary>Peak resident set size of this process (VmHWM on Linux), resettable so a phase can be measured alone.</summary>
internal static class ProcessMemory
{
    /// <summary>Peak RSS in MB since start or the last successful <see cref="TryResetPeak"/>.</summary>
    public static double PeakRssMb() => StatusMb("VmHWM:", p => p.PeakWorkingSet64);

    /// <summary>Current RSS in MB.</summary>
    public static double CurrentRssMb() => StatusMb("VmRSS:", p => p.WorkingSet64);

    /// <summary>Current anonymous RSS in MB (heap and stacks: what the process cannot give back without freeing it).</summary>
    public static double AnonymousRssMb() => StatusMb("RssAnon:", p => p.WorkingSet64);

    /// <summary>Current file-backed RSS in MB (mapped files and code: clean pages the kernel may drop and read again).</summary>
    public static double FileRssMb() => StatusMb("RssFile:", _ => 0);

    private static double StatusMb(string field, Func<Process, long> fallback)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // Not Linux or no procfs: fall back to the runtime's figure below.
        }

        using var process = Process.GetCurrentProcess();
        return fallback(process) / (1024.0 * 1024.0);
    }

    /// <summary>Resets VmHWM to the current RSS (Linux ≥ 4.0: "5" into clear_refs). False when not supported.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Full blocking collection with LOH compaction, so the next phase starts from live data only.</summary>
    public static void Collect()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
