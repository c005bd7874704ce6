using Google.Protobuf;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Outbound;

/// <summary>
/// The bound on a HubWithdrawal (docs/intelligence.md, Withdrawals): entries that would not fit one envelope are split
/// over several notices, in order, none truncated; and a write that withdraws a delivery of the hub's own message
/// without queuing its notice is rolled back, not committed silently.
/// </summary>
public sealed class HubWithdrawalNoticesTests
{
    private static WithdrawnHubDelivery Withdrawn(int number) => new(
        PartyId.Member("DE"), number, 1, new byte[16],
        new WithdrawnHubMessage
        {
            MessageId = ByteString.CopyFrom(new byte[16]),
            RecipientSequence = (ulong)number,
            HeaderSha256 = ByteString.CopyFrom(new byte[32]),
            ContentType = "hst.v1.HitNotification",
            Cause = WithdrawalCause.Recalled,
            BecauseOf = new MessageReference { Sender = "urn:hst:member:FR", MessageId = ByteString.CopyFrom(new byte[16]) },
        });

    [Fact]
    public void Split_EntriesBeyondTheBudget_SeveralNoticesEachWithinIt_AllEntriesInOrder()
    {
        var entries = Enumerable.Range(1, 100).Select(Withdrawn).ToList();
        var budget = new HubWithdrawal { Withdrawn = { entries.Take(7).Select(e => e.Entry) } }.CalculateSize();

        var notices = HubWithdrawalNotices.Split(entries, budget);

        Assert.Equal(15, notices.Count);
        Assert.All(notices, notice => Assert.InRange(new HubWithdrawal { Withdrawn = { notice.Select(e => e.Entry) } }.CalculateSize(), 1, budget));
        Assert.Equal(entries, notices.SelectMany(notice => notice));
    }

    [Fact]
    public void Split_ThousandsOfEntriesUnderTheEnvelopeBudget_OneNotice()
    {
        var entries = Enumerable.Range(1, 5_000).Select(Withdrawn).ToList();

        Assert.Single(HubWithdrawalNotices.Split(entries, HubWithdrawalNotices.Budget));
    }

    [Fact]
    public async Task Write_ThatWithdrawsAHubDeliveryWithoutItsNotice_FailsAndIsRolledBack()
    {
        await using var temp = TempStore.Create();
        var hubSequence = (await temp.Store.SubmitAsync(Make(FR, 1, NewId(), "canary", DE))).HubSequence;

        await Assert.ThrowsAsync<InvalidOperationException>(() => temp.Store.WriteAsync(
            context =>
            {
                context.Connection.Execute("UPDATE deliveries SET withdrawn_at_ms = 1 WHERE hub_sequence = $hub;", ("$hub", hubSequence));
                context.WithdrewHubDelivery(Withdrawn(1));
                return 0;
            },
            CancellationToken.None));

        using var reader = temp.Store.Database.OpenReadConnection();
        Assert.Equal(0L, reader.Scalar("SELECT count(*) FROM deliveries WHERE withdrawn_at_ms IS NOT NULL;"));
    }
}
