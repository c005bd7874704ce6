using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>
/// What every command but `init` asks of <c>Hub:DatabasePath</c> before opening it: a file that is there and is not empty.
/// SQLite takes a missing or 0-byte file for a new database and would create the schema in it, so a path mistyped, a
/// volume not mounted or a file truncated by a failed copy would come up as a new, empty hub with no members.
/// </summary>
internal static class HubDatabaseFile
{
    private static readonly string Setting = $"{HubOptions.Section}:{nameof(HubOptions.DatabasePath)}";

    public static void RequireExisting(string databasePath)
    {
        var path = Path.GetFullPath(databasePath);
        DatabaseOpenErrors.ThrowIfDirectory(path, DatabaseProgram.Hub);
        if (!File.Exists(path))
        {
            throw new CommandFailedException($"{Setting}: {path} does not exist; create it with 'hst-hub init'.");
        }

        if (IsEmpty(path))
        {
            throw new CommandFailedException(
                $"{Setting}: {path} is empty (0 bytes): not a hub database. If the hub's database was here, restore it from a " +
                "backup; a new hub starts with 'hst-hub init'. Nothing was changed.");
        }
    }

    /// <summary>
    /// A 0-byte file with no write-ahead log beside it holds nothing (a WAL with frames could still hold every commit of a
    /// database never checkpointed, so that one is left to SQLite).
    /// </summary>
    public static bool IsEmpty(string path)
    {
        var wal = new FileInfo(path + "-wal");
        return new FileInfo(path).Length == 0 && !(wal.Exists && wal.Length > 0);
    }
}
