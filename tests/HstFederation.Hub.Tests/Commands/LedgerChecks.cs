using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>What the ledger tests compare against: the audit table's own rows, and `hst-hub ledger` run against a running hub's file.</summary>
internal static class LedgerChecks
{
    /// <summary>The audit rows matching <paramref name="where"/> (SQL over the audit table), in log order, as the ledger lists its entries.</summary>
    public static List<(long, long, string, string, string)> AuditRows(HubStore store, string where)
    {
        using var connection = store.Database.OpenReadConnection();
        return connection.Query(
            $"SELECT seq, at_ms, actor, action, detail FROM audit WHERE {where} ORDER BY seq;",
            reader =>
            {
                var rows = new List<(long, long, string, string, string)>();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
                }

                return rows;
            });
    }

    /// <summary>Every audit row under <paramref name="messageId"/>.</summary>
    public static List<(long, long, string, string, string)> AuditRows(HubStore store, byte[] messageId) =>
        AuditRows(store, $"message_id = x'{Convert.ToHexString(messageId)}'");

    /// <summary>`hst-hub ledger <paramref name="args"/>` against <paramref name="hub"/>'s database file, while it runs.</summary>
    public static Task<CommandResult> LedgerCommandAsync(HubServer hub, params string[] args) => CommandAsync(hub, ["ledger", .. args]);

    /// <summary>`hst-hub <paramref name="args"/>` against <paramref name="hub"/>'s database file, while it runs.</summary>
    public static async Task<CommandResult> CommandAsync(HubServer hub, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await HubCommandLine.RunAsync(
            [.. args, $"--Hub:DatabasePath={Path.Combine(hub.Directory, "hub.db")}"], stdout, stderr, TimeProvider.System);
        return new CommandResult(exit, stdout.ToString(), stderr.ToString());
    }
}
