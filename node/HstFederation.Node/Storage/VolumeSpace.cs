namespace HstFederation.Node.Storage;

/// <summary>The free space of the volume a directory is on (<see cref="NodeStoreOptions.FreeSpace"/>'s default).</summary>
internal static class VolumeSpace
{
    /// <summary>
    /// The bytes this process may still write on <paramref name="directory"/>'s volume: DriveInfo's available free space,
    /// statvfs's <c>f_bavail</c> on Linux (which takes any path on the volume), the root's reserve left out. Null when the
    /// volume does not say (a path DriveInfo cannot take, e.g. a UNC share on Windows): the caller then goes ahead as a node
    /// did before it checked, its transaction still rolling back whole should the disk fill.
    /// </summary>
    public static long? Available(string directory)
    {
        try
        {
            return new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
