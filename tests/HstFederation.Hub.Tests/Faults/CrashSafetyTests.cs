using System.Diagnostics;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HstFederation.Hub.Tests.Faults;

/// <summary>
/// THREATS row 25: the hub killed with SIGKILL (kill -9) at random moments of a load of submissions,
/// fan-out and acknowledgements. The hub is a separate OS process (`dotnet hst-hub.dll serve`) on one SQLite
/// file, restarted on a new port after each kill; senders retry what was not receipted, subscribers resume
/// from their stored cursors. Afterwards every receipted message is in the record of each of its recipients
/// exactly once, nowhere else, every acknowledged delivery receipt reached the source, and the store agrees.
/// A hub that returned a receipt before its transaction committed loses receipted messages here.
/// </summary>
[Trait("Category", "Fault")]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Seed = 20250325;
    private const int Messages = 1000;
    private const int Kills = 20;
    private const int SubmittersPerSender = 3;
    private const int MaxExtraDelayMs = 25;
    private static readonly string[] Members = ["FR", "DE", "IT"];
    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Submit_HubKilledAtRandomMomentsOfALoad_EveryReceiptedMessageReachesEachRecipientExactlyOnce()
    {
        var elapsed = Stopwatch.StartNew();
        var random = new Random(Seed);
        await using var hub = await HubProcess.CreateAsync(Members, "--Hub:RegistryRefresh=00:00:00");
        var log = new FaultLog();
        var senders = Members
            .Select((code, i) => new LoadSender(code, hub, LoadSender.Seal(hub, code, [.. Members.Where(m => m != code)], Messages / Members.Length + (i < Messages % Members.Length ? 1 : 0)), log))
            .ToList();
        var subscribers = Members.ToDictionary(code => code, code => new RecordingSubscriber(code, hub, log));

        using var stop = new CancellationTokenSource();
        try
        {
            await RunAsync(hub, senders, subscribers, log, random, elapsed, stop);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private async Task RunAsync(
        HubProcess hub, List<LoadSender> senders, Dictionary<string, RecordingSubscriber> subscribers, FaultLog log, Random random,
        Stopwatch elapsed, CancellationTokenSource stop)
    {
        var sealedAt = elapsed.Elapsed;
        await hub.StartAsync(stop.Token);
        var receiving = subscribers.Values.Select(s => s.RunAsync(stop.Token)).ToList();
        var load = Task.WhenAll(senders.Select(s => s.RunAsync(SubmittersPerSender, stop.Token)));
        var background = Task.WhenAll(receiving.Append(load));

        // Kill k happens a random 0..MaxExtraDelayMs after a random number of receipts in the k-th of Kills + 1
        // equal slices of the load has been returned (seeded): always during the load, with submissions,
        // fan-out and acknowledgements in flight. Tying the moments to progress rather than to the clock
        // keeps every kill inside the load however fast or slow the machine is.
        var slice = Messages / (Kills + 1);
        var kills = 0;
        for (var k = 1; k <= Kills; k++)
        {
            var threshold = (k * slice) + random.Next(slice);
            await WaitUntilAsync(() => log.Receipts >= threshold, $"{threshold} receipts before kill {k}", LoadDeadline, background);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(MaxExtraDelayMs)), stop.Token); // not a wait for anything: when to kill
            await hub.KillAsync();
            kills++;
            await hub.StartAsync(stop.Token);
        }

        await WaitUntilAsync(() => load.IsCompleted, "the end of the load", LoadDeadline, background);
        await load;
        var loadDone = elapsed.Elapsed;

        // A final kill and restart, then everything must drain.
        await hub.KillAsync();
        kills++;
        await hub.StartAsync(stop.Token);
        var expected = Expected(senders);
        await WaitUntilAsync(() => Drained(subscribers.Values, expected), "the drain", DrainDeadline, background, () => $"{Missing(subscribers.Values, expected)}\nlast lines of the hub processes:\n{hub.OutputTail}");
        var drained = elapsed.Elapsed;

        await stop.CancelAsync();
        await Task.WhenAll(receiving);
        await hub.KillAsync();

        var report = Report(senders, subscribers.Values, log, kills, hub.Starts, sealedAt, loadDone, drained);
        output.WriteLine(report);

        Assert.True(log.Violations.Count == 0, $"violations:\n{string.Join('\n', log.Violations.Take(20))}\n{report}");
        Assert.True(kills >= Kills, report);

        // Calls fail only because the hub died; a running hub answering Unavailable (or worse) is a finding.
        Assert.True(log.FailuresOnARunningHub == 0, "calls failed while the hub was running\n" + report);
        Assert.True(senders.Sum(s => s.Retries) > 0, "no submission was ever in flight when the hub was killed: the test tests nothing\n" + report);

        // Every receipted message is in the record of each recipient exactly once, and in no other record.
        var receipted = senders.SelectMany(s => s.Receipts.Keys).ToHashSet();
        Assert.Equal(Messages, receipted.Count);
        foreach (var subscriber in subscribers.Values)
        {
            var record = subscriber.Envelopes;
            var addressed = expected.Envelopes[subscriber.Code];
            var missing = addressed.Where(key => !record.ContainsKey(key)).ToList();
            var strays = record.Keys.Where(key => !addressed.Contains(key)).ToList();
            Assert.True(missing.Count == 0, $"{subscriber.Code} never received {missing.Count} receipted messages, e.g. {string.Join(", ", missing.Take(5))}");
            Assert.True(strays.Count == 0, $"{subscriber.Code} received {strays.Count} messages not addressed to it, e.g. {string.Join(", ", strays.Take(5))}");
            Assert.Equal(addressed.Count, record.Count);
            Assert.Equal(subscriber.EnvelopesOnWire, record.Count + record.Values.Sum(r => r.Duplicates));
        }

        // Sequences recorded are the ones the senders sealed; hub sequences are unique (none handed out twice).
        var plans = senders.SelectMany(s => s.Plan).ToDictionary(p => p.Key);
        Assert.All(subscribers.Values.SelectMany(s => s.Envelopes), entry => Assert.Equal(plans[entry.Key].Sequence, entry.Value.Sequence));
        var hubSequences = senders.SelectMany(s => s.Receipts.Values.Select(r => r.HubSequence)).ToList();
        Assert.Equal(hubSequences.Count, hubSequences.Distinct().Count());

        // Every delivery receipt the hub took was relayed to the source, once; and after the drain, all were.
        foreach (var subscriber in subscribers.Values)
        {
            foreach (var (message, recipient) in subscriber.AcknowledgedReceipts)
            {
                Assert.Contains((message, recipient), subscribers[message.Sender].Relayed);
            }
        }

        foreach (var sender in senders)
        {
            Assert.True(expected.Relays[sender.Code].SetEquals(subscribers[sender.Code].Relayed), $"{sender.Code}: relayed receipts differ from the expected ones");
        }

        CheckStore(hub.DatabasePath, senders);
    }

    /// <summary>The store after the last kill: one message per receipt, with the very receipt bytes the sender got; one delivery per recipient, all acknowledged; one relay each; the audit chain intact.</summary>
    private static void CheckStore(string databasePath, IReadOnlyList<LoadSender> senders)
    {
        SqliteConnection.ClearAllPools();
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        using (var connection = new SqliteConnection(builder.ToString()))
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA query_only = ON;";
                pragma.ExecuteNonQuery();
            }

            Assert.Equal(Messages, Count(connection, "SELECT count(*) FROM messages;"));
            Assert.Equal(2 * Messages, Count(connection, "SELECT count(*) FROM deliveries WHERE kind = 1;"));
            Assert.Equal(0, Count(connection, "SELECT count(*) FROM deliveries WHERE kind = 1 AND acked_at_ms IS NULL;"));
            Assert.Equal(2 * Messages, Count(connection, "SELECT coalesce(sum(batched_receipts), 0) FROM deliveries WHERE kind = 2;"));
            Assert.Equal(0, Count(connection, "SELECT count(*) FROM deliveries WHERE kind = 2 AND batched_receipts IS NULL;"));
            Assert.Equal(2 * Messages, Count(connection, "SELECT count(*) FROM deliveries d JOIN deliveries r ON r.cursor = d.relayed_in AND r.kind = 2 WHERE d.kind = 1;"));

            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sender, message_id, hub_sequence, receipt FROM messages;";
            using var reader = command.ExecuteReader();
            var stored = new Dictionary<MessageKey, (long HubSequence, byte[] Receipt)>();
            while (reader.Read())
            {
                stored.Add(MessageKey.Of(reader.GetString(0)[^2..], (byte[])reader[1]), (reader.GetInt64(2), (byte[])reader[3]));
            }

            foreach (var sender in senders)
            {
                foreach (var (key, (hubSequence, receipt)) in sender.Receipts)
                {
                    Assert.True(stored.TryGetValue(key, out var row), $"{key} was receipted (hub sequence {hubSequence}) but is not in the store");
                    Assert.Equal((long)hubSequence, row.HubSequence);
                    Assert.Equal(receipt, row.Receipt);
                }
            }
        }

        var audit = HubAudit.Verify(databasePath);
        Assert.True(audit.IsIntact, audit.Detail);
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static ExpectedDeliveries Expected(IReadOnlyList<LoadSender> senders)
    {
        var envelopes = Members.ToDictionary(m => m, _ => new HashSet<MessageKey>());
        var relays = Members.ToDictionary(m => m, _ => new HashSet<(MessageKey Message, string Recipient)>());
        foreach (var message in senders.SelectMany(s => s.Plan))
        {
            foreach (var recipient in message.Recipients)
            {
                envelopes[recipient].Add(message.Key);
                relays[message.Key.Sender].Add((message.Key, recipient));
            }
        }

        return new ExpectedDeliveries(envelopes, relays);
    }

    private static bool Drained(IEnumerable<RecordingSubscriber> subscribers, ExpectedDeliveries expected) =>
        subscribers.All(s => s.PendingAcknowledgements == 0
            && s.Envelopes.Count >= expected.Envelopes[s.Code].Count
            && s.Relayed.Count >= expected.Relays[s.Code].Count);

    private static string Missing(IEnumerable<RecordingSubscriber> subscribers, ExpectedDeliveries expected) =>
        string.Join('\n', subscribers.Select(s =>
        {
            var record = s.Envelopes;
            var missing = expected.Envelopes[s.Code].Where(k => !record.ContainsKey(k)).ToList();
            var relayed = s.Relayed;
            var missingRelays = expected.Relays[s.Code].Where(r => !relayed.Contains(r)).ToList();
            return $"{s.Code}: {missing.Count} receipted envelopes never delivered (e.g. {string.Join(", ", missing.Take(5))}), "
                + $"{missingRelays.Count} relayed receipts missing (e.g. {string.Join(", ", missingRelays.Take(5))}), {s.PendingAcknowledgements} acknowledgements pending";
        }));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails at the deadline, or as soon as a background task failed.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan deadline, Task background, Func<string>? explain = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (background.IsFaulted)
            {
                await background;
            }

            if (waited.Elapsed > deadline)
            {
                Assert.Fail($"waited {deadline} for {what}\n{explain?.Invoke()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }

    private static string Report(
        IReadOnlyList<LoadSender> senders, IEnumerable<RecordingSubscriber> subscribers, FaultLog log, int kills, int starts,
        TimeSpan sealedAt, TimeSpan loadDone, TimeSpan drained)
    {
        var lines = new List<string>
        {
            $"{Messages} messages, {kills} kills (SIGKILL), {starts} hub starts; sealed at {sealedAt.TotalSeconds:F1} s, load done at {loadDone.TotalSeconds:F1} s, drained at {drained.TotalSeconds:F1} s",
            $"submissions retried: {senders.Sum(s => s.Retries)}, of which committed before the kill (answered as duplicates): {senders.Sum(s => s.Duplicates)}",
        };
        lines.AddRange(subscribers.Select(s =>
            $"{s.Code}: {s.Envelopes.Count} recorded of {s.EnvelopesOnWire} envelopes on the wire ({s.EnvelopesOnWire - s.Envelopes.Count} duplicates), "
            + $"{s.Relayed.Count} relayed receipts of {s.RelaysOnWire} on the wire, {s.Subscriptions} subscriptions"));
        lines.AddRange(log.Failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"failed calls {f.Key}: {f.Value}"));
        return string.Join('\n', lines);
    }

    private sealed record ExpectedDeliveries(
        Dictionary<string, HashSet<MessageKey>> Envelopes, Dictionary<string, HashSet<(MessageKey Message, string Recipient)>> Relays);
}
