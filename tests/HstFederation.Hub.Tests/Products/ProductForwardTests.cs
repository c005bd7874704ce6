using Google.Protobuf;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Products;

/// <summary>
/// A member a release added (a forwarded envelope in the hub's <c>forwards</c> table, as Hub.Release stores it) may
/// read the message, so its products include it; a forwarded envelope whose forward record the hub did not sign
/// adds nobody, nor does one a restriction emptied.
/// </summary>
public sealed class ProductForwardTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    // Products alone: the intelligence worker's hit notifications would be hub messages in the same streams.
    public async Task InitializeAsync() => _hub = await ProductHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    [Fact]
    public async Task ProductsRun_ForAMemberAReleaseAddedAndOneAForgedForwardNames_OnlyTheReleasedOneGetsTheMessage()
    {
        var envelope = Envelopes.Seal(_hub, "FR", ["DE", PartyId.HubCode], edit: message => message.Handling.Code = HandlingCode.H0);
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });
        var hub = _hub.Credentials(PartyId.HubCode);
        var verifier = new EnvelopeVerifier(_hub.Trust, HandlingPolicy.WithoutRegions);
        var atHub = new EnvelopeOpener(verifier).Open(envelope, hub).GetValueOrThrow();
        var released = new EnvelopeForwarder(verifier, TimeProvider.System).Forward(atHub, hub, [_hub.Credentials("IT").Encryption]).GetValueOrThrow();
        var forged = ForwardForge.Append(atHub, _hub.Credentials("DE"), [_hub.Credentials("ES").Encryption], TimeProvider.System.GetUtcNow(), SystemRandomSource.Instance);
        StoreForward("IT", released.Bytes.ToArray());
        StoreForward("ES", forged);

        await RunAsync("--to", "IT,ES");

        var atIt = await ProductAsync("IT");
        var atEs = await ProductAsync("ES");
        Assert.Equal("LY", Assert.Single(atIt.Corridor.Corridors).Origin);
        Assert.Equal(PartyId.Member("FR").Uri, Assert.Single(atIt.Sources).Sender);
        Assert.Empty(atEs.Corridor.Corridors);
        Assert.Empty(atEs.Sources);
        Assert.Contains(_hub.Logs.Entries, entry => entry.EventId == 700);
    }

    [Fact]
    public async Task ProductsRun_ForAMemberWhoseForwardARestrictionPurged_LeavesTheMessageOutWithoutCallingItUnreadable()
    {
        var envelope = Envelopes.Seal(_hub, "FR", ["DE", PartyId.HubCode], edit: message => message.Handling.Code = HandlingCode.H0);
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

        // What a restriction excluding IT leaves of the forward (Lifecycle/RestrictedForwards): the row, its envelope emptied.
        StoreForward("IT", []);

        await RunAsync("--to", "IT");

        var atIt = await ProductAsync("IT");
        Assert.Empty(atIt.Corridor.Corridors);
        Assert.Empty(atIt.Sources);
        Assert.DoesNotContain(_hub.Logs.Entries, entry => entry.EventId == 700);
    }

    /// <summary>What Hub.Release leaves behind: the forwarded envelope for one new recipient (foreign keys off: no hit row).</summary>
    private void StoreForward(string recipient, byte[] forwarded)
    {
        using var connection = new SqliteConnection($"Data Source={Store.Database.Path};Pooling=False");
        connection.Open();
        connection.Execute("PRAGMA foreign_keys = OFF;");
        connection.Execute(
            """
            INSERT INTO forwards (hub_sequence, recipient, envelope, hit_id, released_by, forwarded_at_ms)
            VALUES ((SELECT hub_sequence FROM messages WHERE sender = 'urn:hst:member:FR'), $recipient, $envelope, zeroblob(16), 'urn:hst:member:FR', 0);
            """,
            ("$recipient", PartyId.Member(recipient).Uri), ("$envelope", forwarded));
    }

    private async Task RunAsync(params string[] options)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await HubCommandLine.RunAsync(
            ["products", "run", "--kind", "corridor", "--wait", "30", .. options, $"--Hub:DatabasePath={Store.Database.Path}"], stdout, stderr, TimeProvider.System);
        Assert.True(exit == 0, stderr.ToString());
        Assert.Contains("Done", stdout.ToString(), StringComparison.Ordinal);
    }

    private async Task<AnalyticalProduct> ProductAsync(string member)
    {
        var delivery = Assert.Single(await Inbox.ReceiveAsync(_hub, member, 1));
        return Inbox.OpenContent(_hub, delivery, member).Parse(AnalyticalProduct.Parser).GetValueOrThrow();
    }
}
