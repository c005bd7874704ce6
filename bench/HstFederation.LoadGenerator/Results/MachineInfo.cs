using System.Runtime.InteropServices;

namespace HstFederation.LoadGenerator.Results;

internal sealed record MachineInfo(string Cpu, int LogicalCores, string Os, string Runtime, long MemoryBytes)
{
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}",
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    private static string CpuModel()
    {
        const string Field = "model name";
        return File.Exists("/proc/cpuinfo")
            && File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(Field, StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : RuntimeInformation.ProcessArchitecture.ToString();
    }
}
