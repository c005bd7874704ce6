namespace HstFederation.Storage;

/// <summary>
/// Who may read a database: a node's holds messages in clear, the hub's who sent what to whom. `init` creates it (and SQLite
/// its -wal and -shm files, which take the database's mode) for its owner alone; a file that is readable or writable by its
/// group or others is only reported, at `serve` and in `status`, never changed: an operator may have given a backup agent's
/// group access on purpose. Windows: its files follow the directory's ACL, and nothing here applies.
/// </summary>
public static class DatabasePermissions
{
    /// <summary>Read and write for the file's owner, nothing for anyone else (0600).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>
    /// The mode of <paramref name="databasePath"/> when its group or others may read or write it; null when they may not,
    /// when the file is missing (the open then says so) or on Windows.
    /// </summary>
    public static UnixFileMode? Loose(string databasePath)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(databasePath))
        {
            return null;
        }

        var mode = File.GetUnixFileMode(databasePath);
        return (mode & Shared) != 0 ? mode : null;
    }

    /// <summary>The mode as chmod takes it: 0644.</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    /// <summary>What to run to restrict <paramref name="databasePath"/>, as the warnings say it.</summary>
    public static string Fix(string databasePath) => $"chmod 600 {Path.GetFullPath(databasePath)}";
}
