using System.Security.Cryptography;
using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// `hst-node restore` (docs/node.md, "Restore"): the backup in place, this NCB's numbers continued from the replaced database
/// so that neither the hub nor a recipient sees a number again, the replaced database kept, what the backup lacks of what the
/// node sent said, the restore audited; and a restore that cannot be done changes nothing.
/// </summary>
public sealed class NodeRestoreCommandTests : CommandLineTestBase
{
    [Fact]
    public async Task Restore_ContinuesTheNumbersOfTheReplacedDatabase_NothingRefusedOrRenumbered_NoRecipientAlarm_AndSaysWhatWasSentSince()
    {
        await using var it = TestNode.Create(Hub, "IT");
        var database = Path.Combine(it.DirectoryPath, "node.db");
        var backup = Path.Combine(it.DirectoryPath, "backup.db");
        De.StartSubscriber();
        await SendAsync(it, 1);
        it.BackupTo(backup);
        var backupBytes = Hash(backup);
        // After the backup: numbers 2, 3, 4, accepted by the hub and received by DE.
        var sentAfter = new List<EnqueuedMessage>();
        for (var i = 0; i < 3; i++)
        {
            sentAfter.Add(await it.EnqueueAsync("DE"));
            Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        }

        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 4), "DE stores what IT sent before the restore");

        var restore = await it.RestoreByCommandAsync(backup);

        Assert.True(restore.ExitCode == NodeCommandLine.Success, restore.ToString());
        var lines = restore.Out.Split(Environment.NewLine);
        Assert.StartsWith($"restored {database} from {backup} (its audit chain intact, ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"replaced database kept as {database}.replaced-", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("this NCB's next message is number 5, and each recipient's count continues from the replaced database's", lines[2], StringComparison.Ordinal);
        var ids = string.Join(", ", sentAfter.Select(m => Convert.ToHexStringLower(m.MessageId)).Order(StringComparer.Ordinal));
        Assert.StartsWith($"3 message(s) this NCB sent after the backup was taken are not in the restored outbox ({ids}): ", lines[3], StringComparison.Ordinal);
        Assert.Equal(backupBytes, Hash(backup));
        Assert.Single(Directory.GetFiles(it.DirectoryPath, "node.db.replaced-*Z"));
        Assert.False(File.Exists(database + DatabaseRestore.StagingSuffix));

        var queued = new List<EnqueuedMessage> { await it.EnqueueAsync("DE"), await it.EnqueueAsync("DE") };
        Assert.Equal([5L, 6], queued.Select(q => q.Sequence));
        Assert.Equal(2, await it.Sender.RunOnceAsync(CancellationToken.None));
        foreach (var message in queued)
        {
            Assert.Equal(OutboxState.Accepted, (await it.Store.GetOutboxAsync(message.LocalId))!.State);
        }

        Assert.Equal(0, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';"));
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 6), "DE stores what IT sent after the restore");
        // DE's count of IT's messages goes on 5, 6: no step back, no alarm.
        Assert.DoesNotContain(await De.Store.AlarmsAsync(), a => a.Sender == it.Party);
        string detail;
        using (var connection = it.Store.Database.OpenReadConnection())
        {
            detail = (string)connection.Scalar("SELECT detail FROM audit WHERE action = 'restore';")!;
        }

        Assert.Contains("sequence_from=5 numbering=replaced sent_after_backup=3 queued_after_backup=0 acceptance_carried=0 queued_but_accepted=0", detail, StringComparison.Ordinal);
        var verified = await RunAsync(it, "verify-audit");
        Assert.True(verified.ExitCode == NodeCommandLine.Success, verified.ToString());
    }

    [Fact]
    public async Task Restore_OverADatabaseThatCannotBeRead_NumbersFromTheBackup_AndSaysWhatFollows()
    {
        await using var it = TestNode.Create(Hub, "IT");
        var backup = Path.Combine(it.DirectoryPath, "backup.db");
        await SendAsync(it, 1);
        it.BackupTo(backup);
        await SendAsync(it, 2);
        await it.CloseAsync();
        await File.WriteAllBytesAsync(Path.Combine(it.DirectoryPath, "node.db"), RandomNumberGenerator.GetBytes(8192));

        var restore = await it.RestoreByCommandAsync(backup, "--json");

        Assert.True(restore.ExitCode == NodeCommandLine.Success, restore.ToString());
        using var document = JsonDocument.Parse(restore.Out);
        var json = document.RootElement;
        Assert.False(json.GetProperty("replaced").GetProperty("readable").GetBoolean());
        Assert.Contains("not a database", json.GetProperty("replaced").GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(("backup", 2L), (json.GetProperty("numbering").GetString(), json.GetProperty("nextSequence").GetInt64()));
        Assert.Equal(0, json.GetProperty("sentAfterBackup").GetArrayLength());
        // From the backup's count the hub refuses the reused number and the node numbers it again by itself, as after a hand copy.
        var message = await it.EnqueueAsync("DE");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal((OutboxState.Accepted, 4L), ((await it.Store.GetOutboxAsync(message.LocalId))!.State, (await it.Store.GetOutboxAsync(message.LocalId))!.Sequence));
    }

    [Fact]
    public async Task Restore_CarriesTheAcceptanceOfWhatTheBackupHeldQueued_AndNamesWhatWasQueuedAfterIt_NoRecipientAlarm()
    {
        await using var it = TestNode.Create(Hub, "IT");
        var backup = Path.Combine(it.DirectoryPath, "backup.db");
        De.StartSubscriber();
        // At the backup: one message sealed and kept (its submit never reached the hub), one queued and never sealed.
        var sealedFirst = await it.EnqueueAsync("DE");
        it.Faults.Mode = SubmitFault.BeforeTheHub;
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        var neverSealed = await it.EnqueueAsync("DE");
        it.BackupTo(backup);
        // After it: both accepted; then one more queued whose submit never reaches the hub.
        it.Faults.Mode = SubmitFault.None;
        Assert.Equal(2, await it.Sender.RunOnceAsync(CancellationToken.None));
        it.Faults.Mode = SubmitFault.BeforeTheHub;
        var queuedAfter = await it.EnqueueAsync("DE");
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        it.Faults.Mode = SubmitFault.None;
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 2), "DE stores the two messages accepted after the backup");

        var restore = await it.RestoreByCommandAsync(backup, "--json");

        Assert.True(restore.ExitCode == NodeCommandLine.Success, restore.ToString());
        using var document = JsonDocument.Parse(restore.Out);
        var json = document.RootElement;
        Assert.Equal(
            [.. new[] { sealedFirst, neverSealed }.Select(m => Convert.ToHexStringLower(m.MessageId)).Order(StringComparer.Ordinal)],
            json.GetProperty("acceptanceCarried").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal([Convert.ToHexStringLower(queuedAfter.MessageId)], json.GetProperty("queuedAfterBackup").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(0, json.GetProperty("queuedButAccepted").GetArrayLength());
        foreach (var carried in new[] { sealedFirst, neverSealed })
        {
            Assert.Equal(OutboxState.Accepted, (await it.Store.GetOutboxAsync(carried.LocalId))!.State);
        }

        // Nothing goes again, and the next message continues every count: DE sees neither a gap nor a step back.
        var next = await it.EnqueueAsync("DE");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxState.Accepted, (await it.Store.GetOutboxAsync(next.LocalId))!.State);
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 3), "DE stores the message sent after the restore");
        Assert.DoesNotContain(await De.Store.AlarmsAsync(), a => a.Sender == it.Party);
        Assert.Equal(0, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'renumbered';"));
    }

    [Fact]
    public async Task Restore_WhileServeRuns_OrFromTheHubsDatabase_IsRefused_AndChangesNothing()
    {
        await using var it = TestNode.Create(Hub, "IT");
        var database = Path.Combine(it.DirectoryPath, "node.db");
        var backup = Path.Combine(it.DirectoryPath, "backup.db");
        await SendAsync(it, 1);
        it.BackupTo(backup);

        // TestNode holds the serve lock while open, as serve does.
        var running = await RunAsync(it, "restore", backup);

        Assert.Equal(NodeCommandLine.Failure, running.ExitCode);
        Assert.Contains($"{database} is being served by 'hst-node serve'", running.Error, StringComparison.Ordinal);
        Assert.Contains("stop it first (a restore replaces the database under it). Nothing was changed.", running.Error, StringComparison.Ordinal);
        await it.CloseAsync();
        var before = Hash(database);
        var hubFile = HubStampedFile(Path.Combine(it.DirectoryPath, "hub-backup.db"));
        var hubDatabase = await CommandRun.RunAsync("restore", hubFile, $"--Node:DatabasePath={database}");
        Assert.Equal(NodeCommandLine.Failure, hubDatabase.ExitCode);
        Assert.Contains("name a backup written by 'hst-node backup'", hubDatabase.Error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(database));
        Assert.Empty(Directory.GetFiles(it.DirectoryPath, "node.db.re*"));
    }

    private static async Task SendAsync(TestNode from, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await from.EnqueueAsync("DE");
            Assert.Equal(1, await from.Sender.RunOnceAsync(CancellationToken.None));
        }
    }

    /// <summary>A file stamped as the hub's database (its application id and marker table), as a hub backup is.</summary>
    private static string HubStampedFile(string path)
    {
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            connection.Execute($"PRAGMA application_id = {DatabaseProgram.Hub.ApplicationId}; CREATE TABLE {DatabaseProgram.Hub.MarkerTable} (id INTEGER);");
        }

        return path;
    }

    private static string Hash(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
