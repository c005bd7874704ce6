using Google.Protobuf;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Faults;

/// <summary>
/// The intelligence worker across SIGKILL (kill -9) of a real hub process (docs/intelligence.md §2): what was accepted
/// while it could not run is processed when the hub comes back, and a kill right after it notified repeats nothing —
/// its marker, hits and notifications commit together.
/// </summary>
[Trait("Category", "Fault")]
public sealed class IntelligenceCrashTests
{
    private static readonly string[] Members = ["FR", "DE", "IT", "ES"];
    private readonly Dictionary<string, ulong> _sequences = [];

    [Fact]
    public async Task Worker_KilledBeforeAndRightAfterProcessing_ResumesFromItsMarkerAndNotifiesEachSourceExactlyOnce()
    {
        await using var hub = await HubProcess.CreateAsync(Members, "--Hub:RegistryRefresh=00:00:00");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        // 1. Intelligence off: two matching reports are accepted, then the hub dies.
        hub.StartArguments.Add("--Hub:Intelligence:Enabled=false");
        var first = await hub.StartAsync(cancel.Token);
        await SubmitAsync(hub, first, "FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678"));
        await SubmitAsync(hub, first, "DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678"));
        await hub.KillAsync();
        Assert.Equal(0L, Count(hub, "SELECT count(*) FROM hits"));

        // 2. On: the worker catches up at start; killed as soon as FR holds its notification.
        hub.StartArguments.Clear();
        var second = await hub.StartAsync(cancel.Token);
        await HubNotificationsAsync(second, "FR", 1, cancel.Token);
        await hub.KillAsync();

        // 3. Back again: a third source's report matches both earlier ones; the first hit is not notified again.
        var third = await hub.StartAsync(cancel.Token);
        await SubmitAsync(hub, third, "IT", IntelMessages.AboutPerson("IT-1", "ALSALHI", "Mohamed", "+218-91-2345678"));
        var atIt = await HubNotificationsAsync(third, "IT", 2, cancel.Token);
        var atFr = await HubNotificationsAsync(third, "FR", 2, cancel.Token);
        var atDe = await HubNotificationsAsync(third, "DE", 2, cancel.Token);

        Assert.Equal(3L, Count(hub, "SELECT count(*) FROM hits"));
        Assert.Equal(6L, Count(hub, "SELECT count(*) FROM hit_notifications"));
        Assert.Equal(6L, Count(hub, "SELECT count(*) FROM messages WHERE sender = 'urn:hst:hub:IPSG'"));
        Assert.All(new[] { atFr, atDe, atIt }, notifications => Assert.Equal([1UL, 2UL], notifications.Select(n => n.RecipientSequence)));
    }

    private async Task SubmitAsync(HubProcess hub, HubProcess.Generation generation, string from, HstMessage message)
    {
        IntelMessages.Address(message, [PartyId.HubCode]);
        var sequence = _sequences[from] = _sequences.GetValueOrDefault(from) + 1;
        var sealedEnvelope = new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions)
            .Seal(message, hub.Credentials(from), [hub.Credentials(PartyId.HubCode).Encryption], new SealOptions { Sequence = sequence });
        await generation.Client(from).SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(sealedEnvelope.Bytes.Span) });
    }

    /// <summary>The first <paramref name="count"/> hub messages on <paramref name="member"/>'s stream, with the recipient sequence the hub gave each.</summary>
    private static async Task<List<(ulong RecipientSequence, byte[] MessageId)>> HubNotificationsAsync(
        HubProcess.Generation generation, string member, int count, CancellationToken cancellationToken)
    {
        using var stream = generation.Client(member).Subscribe(new SubscribeRequest(), cancellationToken: cancellationToken);
        var found = new List<(ulong, byte[])>();
        while (found.Count < count && await stream.ResponseStream.MoveNext(cancellationToken))
        {
            var header = EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(stream.ResponseStream.Current.Envelope).Header);
            if (header.Sender == PartyId.Hub.Uri)
            {
                found.Add((header.Recipients.Single(r => r.Party == PartyId.Member(member).Uri).Sequence, header.MessageId.ToByteArray()));
            }
        }

        return found;
    }

    private static long Count(HubProcess hub, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={hub.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return (long)connection.Scalar(sql)!;
    }
}
