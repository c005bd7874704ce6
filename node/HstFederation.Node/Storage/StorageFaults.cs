using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>SQLite result codes that concern the store as a whole rather than one operation.</summary>
internal static class StorageFaults
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteNoMem = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteProtocol = 15;
    private const int SqliteNotADb = 26;

    /// <summary>
    /// True when the failure is the storage's (disk full, I/O, locks, corruption): the whole batch is rolled
    /// back and every caller in it gets <see cref="NodeStoreUnavailableException"/>. Anything else fails only the
    /// operation that raised it.
    /// </summary>
    public static bool IsStoreFault(Exception exception) =>
        exception is SqliteException sqlite && sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteNoMem
            or SqliteReadOnly or SqliteIoErr or SqliteCorrupt or SqliteFull or SqliteCantOpen or SqliteProtocol
            or SqliteNotADb;

    public static bool IsDiskFull(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteFull } || exception.InnerException is { } inner && IsDiskFull(inner);
}
