using System.Globalization;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Commands;

/// <summary>
/// The analyst's reads of who holds what (`hits`, `ledger`, `status`, `products list|runs`) are audited as the node audits
/// its operator's (ARCHITECTURE §6: who read what, and when): one entry per run, written after the read and before anything
/// is shown, through the command's own writer, which takes the file's write lock in turn with a running `serve` and chains
/// the entry onto whatever serve committed last. An entry that cannot be written refuses the read (fails closed): an
/// auditor would rather an analyst wait for disk space than find reads the log does not hold.
/// </summary>
internal static class AuditedRead
{
    private const int ReadOnly = 8;

    /// <summary>Appends the entry; on failure throws a one-line <see cref="CommandFailedException"/> saying nothing was shown and why.</summary>
    public static async Task RecordAsync(
        HubStore store, HubOptions options, string action, byte[]? messageId, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await store.AuditAsync(CommandContext.Actor, action, messageId, detail, cancellationToken);
        }
        catch (Exception e) when (e is StoreUnavailableException or SqliteException)
        {
            throw new CommandFailedException($"refused: this read could not be audited, so nothing was shown: {Cause(e, options)}", e);
        }
    }

    /// <summary>The words the command line uses for a write that did not fit, and SQLite's own for anything else.</summary>
    private static string Cause(Exception e, HubOptions options)
    {
        var database = Path.GetFullPath(options.DatabasePath);
        if (StorageFaults.IsDiskFull(e))
        {
            var quota = options.MaxDatabasePages is { } pages
                ? string.Create(CultureInfo.InvariantCulture, $" or it reached Hub:MaxDatabasePages ({pages} pages)")
                : string.Empty;
            return $"{database} cannot be written: its disk is full{quota}. " +
                $"Free space on that disk{(quota.Length > 0 ? " (or raise Hub:MaxDatabasePages)" : string.Empty)} and run the command again.";
        }

        var sqlite = e as SqliteException ?? e.InnerException as SqliteException;
        var next = sqlite?.SqliteErrorCode == ReadOnly ? "Run the command as a user who may write it" : "Run the command again";
        return $"{database} cannot be written ({(sqlite?.Message ?? e.Message).TrimEnd('.')}). {next}.";
    }
}
