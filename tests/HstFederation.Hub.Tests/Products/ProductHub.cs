using System.Text.Json;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Products;

/// <summary>
/// What the product purge tests read of a running hub: a product's envelope as stored, whether a member's stream still
/// carries it, whether the database files (WAL included) still hold some bytes, the HubWithdrawal a member is sent for
/// its product, and `hst-hub` run against its database.
/// </summary>
internal static class ProductHub
{
    /// <summary>A hub whose product loop picks up an operator's `products run` within 100 ms, with no matching of its own.</summary>
    public static Task<HubServer> StartAsync() => HubServer.StartAsync(
        extraArgs: ["--Hub:RegistryRefresh=00:00:00", "--Hub:Products:RequestPoll=00:00:00.100", "--Hub:Intelligence:Enabled=false"]);

    public static HubStore Store(HubServer hub) => hub.Services.GetRequiredService<HubStore>();

    /// <summary>The hub's envelope of <paramref name="member"/>'s product: its hub sequence and its bytes as stored.</summary>
    public static (long HubSequence, byte[] Envelope) ProductEnvelope(HubServer hub, string member)
    {
        using var connection = Store(hub).Database.OpenReadConnection();
        return connection.Query(
            "SELECT m.hub_sequence, m.envelope FROM products p JOIN messages m ON m.sender = $hub AND m.message_id = p.message_id WHERE p.recipient = $to;",
            reader => reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : throw new InvalidOperationException($"no product for {member}"),
            ("$hub", PartyId.Hub.Uri), ("$to", PartyId.Member(member).Uri));
    }

    public static async Task<bool> StreamCarriesAsync(HubServer hub, string member, long hubSequence) =>
        (await HubInbox.EnvelopesAsync(hub, member)).Any(d => d.HubSequence == hubSequence);

    public static bool FilesHold(HubServer hub, byte[] bytes) => DatabaseFiles.Bytes(Store(hub).Database.Path).AsSpan().IndexOf(bytes) >= 0;

    public static long FrHubSequence(HubServer hub) => HubInbox.Count(hub, "SELECT hub_sequence FROM messages WHERE sender = 'urn:hst:member:FR'");

    /// <summary>The member's product as its node opens it (before any withdrawal): what a HubWithdrawal must name.</summary>
    public static async Task<VerifiedEnvelope> OpenedProductAsync(HubServer hub, string member, long hubSequence) =>
        Inbox.OpenContent(hub, (await HubInbox.EnvelopesAsync(hub, member)).Single(d => d.HubSequence == hubSequence).ToDelivery(), member).Verified;

    /// <summary>The one HubWithdrawal the member was sent, naming the product <paramref name="product"/> alone, because of FR's <paramref name="source"/>.</summary>
    public static async Task AssertOneNoticeAsync(HubServer hub, string member, VerifiedEnvelope product, WithdrawalCause cause, SealedEnvelope source)
    {
        var (envelope, notice) = Assert.Single(await HubInbox.WithdrawalsAsync(hub, member));
        var entry = Assert.Single(notice.Withdrawn);
        Assert.Equal(product.MessageId.ToArray(), entry.MessageId.ToByteArray());
        Assert.Equal(HubInbox.RecipientSequence(product, member), entry.RecipientSequence);
        Assert.Equal(product.HeaderSha256.ToArray(), entry.HeaderSha256.ToByteArray());
        Assert.Equal(ProtocolVersions.AnalyticalProductContentType, entry.ContentType);
        Assert.Equal(cause, entry.Cause);
        Assert.Equal(new MessageReference { Sender = PartyId.Member("FR").Uri, MessageId = source.Header.MessageId }, entry.BecauseOf);
        Assert.Equal(HubInbox.RecipientSequence(product, member) + 1, HubInbox.RecipientSequence(envelope, member));
    }

    /// <summary>`hst-hub ...` against the running hub's database, as an operator in another process runs it.</summary>
    public static async Task<JsonElement> CommandAsync(HubServer hub, params string[] args) =>
        JsonDocument.Parse(await CommandTextAsync(hub, args)).RootElement.Clone();

    public static async Task<string> CommandTextAsync(HubServer hub, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await HubCommandLine.RunAsync([.. args, $"--Hub:DatabasePath={Store(hub).Database.Path}"], stdout, stderr, TimeProvider.System);
        Assert.True(exit == 0, stderr.ToString());
        return stdout.ToString();
    }
}
