using HstFederation.Hub.Products;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>
/// An expiry purges the products built from the expired message as a recall does (docs/intelligence.md, Products after
/// a recall or expiry): the hub's copy emptied (gone from the database and its WAL), the queued delivery withdrawn, the
/// row kept marked purged as expired; a product built from a message not yet expired stays.
/// </summary>
public sealed class ExpiredProductTests : IAsyncLifetime
{
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>A network report for IT and ES over the last day, run by the hub's own runner (stored complete first, so the loop never takes it).</summary>
    private async Task RunProductsAsync()
    {
        var end = _hub.Time.GetUtcNow().AddMinutes(1);
        var period = new ProductPeriod(end.AddDays(-1), end);
        var recipients = new[] { PartyId.Member("IT"), PartyId.Member("ES") };
        var runId = await _hub.Store.WriteAsync(
            context =>
            {
                var id = ProductRows.InsertRun(context, ProductKind.Network, ProductOrigin.Request, period.StartMs, period.EndMs, recipients, "test");
                ProductRows.CompleteRun(context, id, 0, "driven by the test");
                return id;
            },
            CancellationToken.None);
        var run = new ProductRunRecord(runId, ProductKind.Network, ProductOrigin.Request, period.StartMs, period.EndMs, recipients, 0, "test", null, null, null);
        Assert.Equal(2, await _hub.Hub.Services.GetRequiredService<ProductRunner>().RunAsync(run, CancellationToken.None));
    }

    private (long HubSequence, byte[] Envelope) ProductEnvelope(string member)
    {
        using var connection = _hub.Store.Database.OpenReadConnection();
        return connection.Query(
            "SELECT m.hub_sequence, m.envelope FROM products p JOIN messages m ON m.sender = $hub AND m.message_id = p.message_id WHERE p.recipient = $to;",
            reader => reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : throw new InvalidOperationException($"no product for {member}"),
            ("$hub", PartyId.Hub.Uri), ("$to", PartyId.Member(member).Uri));
    }

    private async Task<bool> StreamCarriesAsync(string member, long hubSequence) =>
        (await _hub.Store.ReadDeliveriesAsync(PartyId.Member(member), 0, 100)).Any(d => d.Kind == DeliveryKind.Envelope && d.HubSequence == hubSequence);

    private bool FilesHold(byte[] ciphertext) => DatabaseFiles.Bytes(_hub.Store.Database.Path).AsSpan().IndexOf(ciphertext) >= 0;

    [Fact]
    public async Task RunOnce_AtTheDateOfAProductsSource_PurgesTheHubsCopyAndWithdrawsItsDelivery_AProductOfAnotherMessageStays()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var fr = await _hub.SubmitAsync("FR", ["IT", PartyId.HubCode], date);
        await _hub.SubmitAsync("DE", ["ES", PartyId.HubCode], date + TimeSpan.FromDays(2));
        await RunProductsAsync();
        var (atIt, itEnvelope) = ProductEnvelope("IT");
        var (atEs, esEnvelope) = ProductEnvelope("ES");
        Assert.True(FilesHold(itEnvelope[^64..]), "the hub stores IT's product before the expiry");
        Assert.True(await StreamCarriesAsync("IT", atIt));

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {fr.HubSequence} AND state = 3"));
        Assert.Empty(ProductEnvelope("IT").Envelope);
        Assert.False(FilesHold(itEnvelope[^64..]), "the hub's copy of IT's product is gone from the database and its WAL");
        Assert.False(await StreamCarriesAsync("IT", atIt), "IT's product is no longer streamed");
        Assert.Equal(1L, _hub.Count(
            $"SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:IT' AND purged_at_ms = {date.ToUnixTimeMilliseconds()} AND purge_cause = 3 AND purged_by = {fr.HubSequence}"));

        Assert.Equal(esEnvelope, ProductEnvelope("ES").Envelope);
        Assert.True(await StreamCarriesAsync("ES", atEs));
        Assert.Equal(1L, _hub.Count("SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:ES' AND purged_at_ms IS NULL"));
    }
}
