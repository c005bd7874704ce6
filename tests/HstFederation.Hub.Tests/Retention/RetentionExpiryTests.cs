using System.Text;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>
/// Expiry at the effective retention date (docs/lifecycle.md §5) on a real hub that reads and indexes the message: the
/// hub's copies leave the database and its WAL, a hub-signed expiry order is queued to every holder, and the message is
/// withdrawn for good.
/// </summary>
public sealed class RetentionExpiryTests : IAsyncLifetime
{
    private const string Canary = "ZQXRETENTIONCANARY";
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync(intelligence: true);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task RunOnce_AtTheDate_PurgesTheHubsCopiesFromDbAndWal_QueuesAHubSignedExpiryToEveryHolder_AndWithdrawsTheMessage()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var sent = await _hub.SubmitAsync("FR", ["IT", "ES", PartyId.HubCode], date, edit: m => m.Persons[0].Name.FamilyNameLatin = Canary);
        await Wait.UntilAsync(() => _hub.Count("SELECT count(*) FROM message_entities") == 1);
        var ciphertext = Envelope.Parser.ParseFrom(sent.Envelope).Ciphertext.ToByteArray()[16..64];
        // The name as the hub indexed it (lower case, in message_entities), and a slice of the encrypted content.
        byte[][] canaries = [Encoding.UTF8.GetBytes(Canary.ToLowerInvariant()), ciphertext];
        Assert.All(canaries, canary => Assert.True(InHubFiles(canary)));

        _hub.SetTime(date - TimeSpan.FromTicks(1));
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1L, _hub.Count("SELECT count(*) FROM message_lifecycle WHERE state = 1"));

        _hub.Time.Advance(TimeSpan.FromTicks(1));
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {sent.HubSequence} AND state = 3 AND purged_at_ms IS NOT NULL"));
        await Wait.UntilAsync(() => canaries.All(canary => !InHubFiles(canary)));
        foreach (var holder in new[] { "IT", "ES" })
        {
            // Never fetched, the envelope delivery was withdrawn with the purge: the holder is sent the order alone.
            var order = _hub.VerifyOrder(Assert.Single(await Inbox.ReceiveAsync(_hub.Hub, holder, 1)));
            Assert.Equal((PartyId.Hub.Uri, "urn:hst:member:FR"), (order.Issuer, order.Source));
            Assert.Equal(sent.MessageId, order.MessageId.ToByteArray());
            Assert.Equal(sent.HeaderSha256, order.HeaderSha256.ToByteArray());
            Assert.Equal(date.ToUnixTimeMilliseconds(), order.Expiry.RetainUntilMs);
        }

        // Once: a second turn finds nothing due; an order about the expired message is refused.
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(2L, _hub.Count("SELECT count(*) FROM deliveries WHERE kind = 3"));
        var late = _hub.Order(sent, "FR", o => o.Extension = new RetentionExtension { RetainUntilMs = (date + TimeSpan.FromDays(30)).ToUnixTimeMilliseconds(), Justification = "too late" });
        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.SendAsync("FR", late));
        Assert.Equal(RejectionReason.MessageWithdrawn, RejectionTrailer.Read(error)!.Reason);
    }

    private bool InHubFiles(byte[] canary) =>
        new[] { "hub.db", "hub.db-wal" }
            .Select(name => Path.Combine(_hub.Hub.Directory, name))
            .Where(File.Exists)
            .Any(path => ReadShared(path).AsSpan().IndexOf(canary) >= 0);

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
