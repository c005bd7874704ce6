namespace HstFederation.Storage;

/// <summary>
/// At `serve` start: whether the database's volume is nearly full, so the operator hears it then rather than from the first
/// write refused as "storage full" during operations. A warning, not a refusal: a serve with little room still delivers what
/// is stored, and every write still commits whole or not at all.
/// </summary>
public static class LowDiskSpace
{
    /// <summary>Below this free, whatever the volume's size: 5 % of a small volume is too little to act on in time.</summary>
    public const long MinimumFreeBytes = 1L << 30;

    /// <summary>Below this share of the volume free, however large: a large volume at 95 % is nearly full too.</summary>
    public const int MinimumFreePercent = 5;

    /// <summary>
    /// The reading of <paramref name="databasePath"/>'s volume when it has less free than <see cref="MinimumFreeBytes"/> or
    /// <see cref="MinimumFreePercent"/> % of its size; null when it has enough or does not say.
    /// </summary>
    /// <param name="probe">The directory → its volume's reading (<see cref="VolumeSpace.Read"/>; tests give another).</param>
    public static VolumeReading? Check(string databasePath, Func<string, VolumeReading?> probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        return probe(directory) is { } reading && IsLow(reading) ? reading : null;
    }

    public static bool IsLow(VolumeReading reading) =>
        reading.Available < MinimumFreeBytes || reading.Available * 100 < reading.Total * MinimumFreePercent;

    /// <summary>Whole mebibytes, for the log.</summary>
    public static long Mebibytes(long bytes) => bytes >> 20;
}
