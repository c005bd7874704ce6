using System.Globalization;
using System.Runtime.InteropServices;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>
/// CPU time, memory and file writes of a process from Linux's /proc: utime + stime of /proc/PID/stat (clock ticks), VmHWM
/// and VmRSS of /proc/PID/status, write_bytes of /proc/PID/io. Elsewhere every figure is 0 and the report says the platform had none.
/// </summary>
internal static class ProcessStats
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK
    private static readonly Lazy<double> TicksPerSecond = new(() => OperatingSystem.IsLinux() && SysConf(ClockTicksName) is > 0 and var t ? t : 100);

    public static bool Supported => OperatingSystem.IsLinux();

    public static ProcessSample Read(int pid)
    {
        if (!Supported)
        {
            return default;
        }

        try
        {
            return new ProcessSample(CpuSeconds(pid), StatusKilobytes(pid, "VmHWM:") * 1024, StatusKilobytes(pid, "VmRSS:") * 1024, FileBytesWritten(pid));
        }
        catch (IOException)
        {
            return default; // the process is gone
        }
    }

    public static ProcessSample Self() => Read(Environment.ProcessId);

    /// <summary>Resets VmHWM to the current RSS (writing 5 to /proc/PID/clear_refs), so a peak belongs to one phase.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double CpuSeconds(int pid)
    {
        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
        return (utime + stime) / TicksPerSecond.Value;
    }

    /// <summary>write_bytes of /proc/PID/io; 0 where the kernel keeps no I/O accounting.</summary>
    private static long FileBytesWritten(int pid)
    {
        const string field = "write_bytes:";
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's process: no accounting to read.
        }

        return 0;
    }

    private static long StatusKilobytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
