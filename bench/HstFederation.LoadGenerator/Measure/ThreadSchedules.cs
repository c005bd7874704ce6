using System.Globalization;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>One thread's scheduler counters: time on a CPU and time runnable but waiting for one (run queue).</summary>
internal readonly record struct ThreadSchedule(string Name, double CpuSeconds, double WaitSeconds);

/// <summary>
/// Every thread of a process with its scheduler counters, from Linux's /proc/PID/task/TID/schedstat (nanoseconds on a
/// CPU, nanoseconds waiting on a run queue, time slices) and …/comm (the thread's name). Elsewhere, or when the kernel
/// keeps no such counters, an empty map, and the report says they were not measured.
/// </summary>
internal static class ThreadSchedules
{
    public static IReadOnlyDictionary<int, ThreadSchedule> Read(int pid)
    {
        var threads = new Dictionary<int, ThreadSchedule>();
        if (!OperatingSystem.IsLinux())
        {
            return threads;
        }

        IEnumerable<string> tasks;
        try
        {
            tasks = Directory.EnumerateDirectories($"/proc/{pid}/task").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return threads; // the process is gone
        }

        foreach (var task in tasks)
        {
            if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) && TryRead(task, out var schedule))
            {
                threads[tid] = schedule;
            }
        }

        return threads;
    }

    /// <summary>Parses a schedstat line: "CPU-NS WAIT-NS SLICES".</summary>
    public static bool TryParse(string schedstat, out double cpuSeconds, out double waitSeconds)
    {
        cpuSeconds = waitSeconds = 0;
        var fields = schedstat.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cpu)
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var wait))
        {
            return false;
        }

        cpuSeconds = cpu / 1e9;
        waitSeconds = wait / 1e9;
        return true;
    }

    private static bool TryRead(string task, out ThreadSchedule schedule)
    {
        schedule = default;
        try
        {
            var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            if (!TryParse(File.ReadAllText(Path.Combine(task, "schedstat")), out var cpu, out var wait))
            {
                return false;
            }

            schedule = new ThreadSchedule(name, cpu, wait);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the thread ended between the listing and the read, or the kernel keeps no schedstat
        }
    }
}
