using System.Globalization;
using System.Text.RegularExpressions;
using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// Migration 19 on the file a node at schema version 18 left: a message an operator's <c>cancel</c> stopped before migration 17,
/// purged then as <c>recalled</c>, becomes <c>cancelled</c>, found by its <c>cancel</c> audit entry; a recall stays a recall, and
/// the audit log stays as it was written.
/// </summary>
public sealed class CancelCauseMigrationTests
{
    private const string Alice = "operator:alice";
    private const string De = "urn:hst:member:DE";

    /// <summary>Cancelled at version 16 (outbox #1).</summary>
    private static readonly byte[] Cancelled = TestMessages.Id(1);

    /// <summary>Outbox #2: accepted, then purged as recalled with no <c>cancel</c> in the audit log.</summary>
    private static readonly byte[] Recalled = TestMessages.Id(2);

    [Fact]
    public async Task Open_Version18File_GivesTheCancelledMessageItsCause_LeavesEveryRecallAndTheAuditLogAsTheyWere()
    {
        List<string> auditBefore = [];
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            // DE's message has outbox #1's id: ids are unique per sender only, and its recall is DE's, not a cancel.
            using var connection = Version18WithCancelAndRecalls(path, time, deMessage: Cancelled);
            auditBefore = Audit(connection);
        });

        Assert.Equal(SchemaMigrations.LatestVersion, temp.Store.Database.SchemaVersion);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox WHERE local_id = 1 AND purge_cause = 'cancelled';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox WHERE local_id = 2 AND purge_cause = 'recalled';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox WHERE local_id = 1 AND purge_cause = 'recalled';"));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM tombstones WHERE cause = 'recalled';"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM tombstones WHERE cause <> 'recalled';"));
        using (var raw = temp.Raw())
        {
            Assert.Equal(auditBefore, Audit(raw));
        }

        var verification = NodeAudit.Verify(temp.Store.Database);
        Assert.True(verification.IsIntact, verification.Detail);
    }

    [Fact]
    public async Task ShowAndLedger_AfterTheMigration_SayCancelled_ForTheMessageCancelledBefore17_AndRecalledForTheRecall()
    {
        // DE's message under its own id: `show` and `ledger` of an id list every copy of it, DE's too.
        await using var temp = TempNodeStore.Create((path, time) => Version18WithCancelAndRecalls(path, time, deMessage: TestMessages.Id(3)).Dispose());
        var database = $"--Node:DatabasePath={temp.DatabasePath}";

        var show = await CommandRun.RunAsync("show", "outbox:1", database);
        var ledger = await CommandRun.RunAsync("ledger", "outbox:1", "--json", database);
        var recall = await CommandRun.RunAsync("show", "outbox:2", database);

        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("(cancelled): the content is gone from this node", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("recalled", show.Out, StringComparison.Ordinal);
        Assert.True(ledger.ExitCode == 0, ledger.ToString());
        Assert.Contains("\"purgeCause\":\"cancelled\"", Regex.Replace(ledger.Out, @"\s", string.Empty), StringComparison.Ordinal);
        Assert.True(recall.ExitCode == 0, recall.ToString());
        Assert.Contains("(recalled): the content is gone from this node", recall.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Rows and audit entries as the node wrote them up to version 16, at version 18 (migrations 17 and 18 change neither):
    /// outbox #1 cancelled by an operator (OutboxCancel then: rejected as Cancelled, purged as recalled, audited 'cancel' then
    /// 'purge'); outbox #2 accepted and purged as recalled, audited as issued and recalled, never 'cancel' (a recall today
    /// leaves the source's own copy, but the migration goes by the audit log, not by what today's code would do); DE's message
    /// <paramref name="deMessage"/>, recalled by DE: its inbox copy purged and its tombstone, both recalled.
    /// </summary>
    private static SqliteConnection Version18WithCancelAndRecalls(string path, TimeProvider time, byte[] deMessage)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Assert.Equal(18, SchemaMigrations.Apply(connection, time, 18));
        connection.Execute(
            $"""
            INSERT INTO outbox (local_id, message_id, sequence, actor, plaintext, created_at_ms, state, state_at_ms, reject_reason, reject_detail, purged_at_ms, purge_cause)
            VALUES (1, {Hex(Cancelled)}, 1, '{Alice}', X'', 1, 3, 2, 'Cancelled', 'cancelled by {Alice} before it was ever submitted: the hub never received it', 2, 'recalled');
            INSERT INTO outbox_addressees (local_id, addressee) VALUES (1, '{De}');
            INSERT INTO outbox (local_id, message_id, sequence, actor, plaintext, created_at_ms, state, state_at_ms, receipt, hub_sequence, purged_at_ms, purge_cause)
            VALUES (2, {Hex(Recalled)}, 2, 'agency:border-police', X'', 3, 2, 4, X'AA', 7, 6, 'recalled');
            INSERT INTO outbox_addressees (local_id, addressee) VALUES (2, '{De}');
            INSERT INTO inbox (local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, purged_at_ms, purge_cause)
            VALUES (1, '{De}', {Hex(deMessage)}, 1, zeroblob(32), X'', X'', 0, 7, 8, 'recalled');
            INSERT INTO tombstones (sender, message_id, header_hash, box, local_id, cause, order_id, order_statement, outcome, purged_at_ms)
            VALUES ('{De}', {Hex(deMessage)}, zeroblob(32), 'inbox', 1, 'recalled', {Hex(TestMessages.Id(90))}, X'06', 2, 8);
            """);
        (string Actor, string Action, byte[] Id, string Detail)[] entries =
        [
            (Alice, NodeAuditActions.Enqueue, Cancelled, "local_id=1"),
            (Alice, NodeAuditActions.Cancel, Cancelled, "local_id=1 never submitted"),
            ("node", NodeAuditActions.Purge, Cancelled, "box=outbox local_id=1 cause=recalled"),
            ("agency:border-police", NodeAuditActions.Enqueue, Recalled, "local_id=2"),
            ("hub", NodeAuditActions.Accepted, Recalled, "hub_sequence=7"),
            (Alice, NodeAuditActions.LifecycleIssued, Recalled, "action=recall"),
            ("node", NodeAuditActions.Purge, Recalled, "box=outbox local_id=2 cause=recalled"),
            (De, NodeAuditActions.Receive, deMessage, "local_id=1"),
            (De, NodeAuditActions.LifecycleApplied, deMessage, "action=recall outcome=purged"),
            ("node", NodeAuditActions.Purge, deMessage, "box=inbox local_id=1 cause=recalled"),
        ];
        foreach (var (at, (actor, action, id, detail)) in entries.Index())
        {
            NodeAudit.Append(connection, at + 1, actor, action, id, detail);
        }

        return connection;
    }

    private static List<string> Audit(SqliteConnection connection) =>
        connection.Query("SELECT seq, at_ms, actor, action, hex(message_id), detail, hex(prev_hash), hex(hash) FROM audit ORDER BY seq;", reader =>
        {
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }

            return rows;
        });

    private static string Hex(byte[] id) => "X'" + Convert.ToHexString(id) + "'";
}
