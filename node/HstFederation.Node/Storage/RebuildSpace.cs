using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// Before a migration that rebuilds tables runs on an existing file, inside the migration's transaction (so holding its
/// lock, and before it changes anything): refuses when the database's volume has less free space than the rebuild may
/// take. Without it, the operator met SQLite's "database or disk is full" halfway through an upgrade of minutes, which
/// rolled back but said neither how much space nor what to do.
/// </summary>
internal static class RebuildSpace
{
    /// <summary>
    /// The rebuild writes every page of its tables to the WAL twice before the commit (the copy, and the old pages zeroed by
    /// <c>secure_delete</c>), and the checkpoint after it grows the file by their size while the WAL is still whole
    /// (docs/node.md, Storage): three times their size at the peak.
    /// </summary>
    private const int PeakPerPage = 3;

    /// <summary>The migrations that rebuild tables, and what they rebuild (for the operator's message).</summary>
    private static readonly (int Version, string Tables)[] Rebuilds = [(17, "inbox, outbox and tombstones")];

    /// <summary>
    /// Throws <see cref="DatabaseFileException"/> when a migration above <paramref name="from"/> up to <paramref name="to"/>
    /// rebuilds tables and <paramref name="freeSpace"/> reports less free space in the file's directory than
    /// <see cref="Needed"/>. A new file (<paramref name="from"/> 0) has no rows to copy; an unknown free space (null) is let through.
    /// </summary>
    public static void Check(SqliteConnection connection, int from, int to, Func<string, long?> freeSpace)
    {
        var rebuild = Rebuilds.FirstOrDefault(r => r.Version > from && r.Version <= to);
        if (from == 0 || rebuild.Tables is null)
        {
            return;
        }

        var path = connection.DataSource;
        var directory = Path.GetDirectoryName(path)!;
        var needed = Needed(connection);
        if (freeSpace(directory) is { } free && free < needed)
        {
            throw new DatabaseFileException(
                $"{path}: migration {rebuild.Version} rebuilds {rebuild.Tables}, which needs up to {Size(needed)} free on the volume of " +
                $"{directory} ({PeakPerPage} times the {Size(needed / PeakPerPage)} the file's pages in use take), and {Size(free)} is free: " +
                $"free space there, or move the file to a volume with more and set {DatabaseProgram.Node.DatabaseSetting} to it (docs/node.md, Storage), " +
                $"then try again. Nothing was migrated, the file is as it was at schema version {from}.");
        }
    }

    /// <summary>
    /// The most free space the rebuild may take: <see cref="PeakPerPage"/> times the pages in use in the whole file (its
    /// free pages left out), an upper bound of the rebuilt tables' pages. Not the tables' own pages: SQLite counts them
    /// only through its <c>dbstat</c> table, which the bundled SQLite (SQLitePCLRaw's e_sqlite3) is built without, and
    /// reading every row to add them up would take on a large file a good part of the time the rebuild itself takes.
    /// </summary>
    public static long Needed(SqliteConnection connection)
    {
        var pageSize = (long)connection.Scalar("PRAGMA page_size;")!;
        var inUse = (long)connection.Scalar("PRAGMA page_count;")! - (long)connection.Scalar("PRAGMA freelist_count;")!;
        return PeakPerPage * inUse * pageSize;
    }

    /// <summary>A size as the message gives it: GiB, MiB or KiB.</summary>
    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00' GiB'", CultureInfo.InvariantCulture),
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0' MiB'", CultureInfo.InvariantCulture),
        _ => (bytes / 1024.0).ToString("0' KiB'", CultureInfo.InvariantCulture),
    };
}
