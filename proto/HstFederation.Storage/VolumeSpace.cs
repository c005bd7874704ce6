namespace HstFederation.Storage;

/// <summary>The free space of the volume a directory is on, as this process may use it.</summary>
public static class VolumeSpace
{
    /// <summary>
    /// The bytes this process may still write on <paramref name="directory"/>'s volume: DriveInfo's available free space,
    /// statvfs's <c>f_bavail</c> on Linux (which takes any path on the volume), the root's reserve left out. Null when the
    /// volume does not say (a path DriveInfo cannot take, e.g. a UNC share on Windows): the caller then goes ahead as a node
    /// did before it checked, its transaction still rolling back whole should the disk fill.
    /// </summary>
    public static long? Available(string directory) => Read(directory)?.Available;

    /// <summary>What <see cref="Available"/> reads, with the volume's size (statvfs's <c>f_blocks</c>); null when the volume does not say.</summary>
    public static VolumeReading? Read(string directory)
    {
        try
        {
            var drive = new DriveInfo(directory);
            return new VolumeReading(drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
