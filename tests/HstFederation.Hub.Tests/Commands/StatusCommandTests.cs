using System.Text.Json;
using HstFederation.Hosting;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Retention;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub status` against a running hub's file: five messages in five retention situations, and exactly the ones
/// that belong in each section are listed — a review unanswered, an extension two holders were sent and one confirmed,
/// lapsed messages whose date falls inside or outside the window, and one not yet reviewed.
/// </summary>
public sealed class StatusCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Lead = LifecycleRules.ReviewLeadTime;
    private RetentionHub _hub = null!;
    private ServeLock _serving = null!;

    public async Task InitializeAsync()
    {
        _hub = await RetentionHub.StartAsync();
        // The hub runs in-process, without the lock `hst-hub serve` takes: held here, so status reports it serving.
        _serving = await ServeLock.AcquireAsync(Path.Combine(_hub.Hub.Directory, "hub.db"), "hst-hub", "Hub:DatabasePath", _hub.Time, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _serving.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Status_ListsPendingReviewsOutstandingConfirmationsAndUpcomingExpiries_AndNothingElse()
    {
        var start = _hub.Time.GetUtcNow();
        var unanswered = await _hub.SubmitAsync("FR", ["IT"], start + Lead + TimeSpan.FromHours(1), sequence: 1);
        var extended = await _hub.SubmitAsync("FR", ["IT", "ES"], start + Lead + TimeSpan.FromMinutes(30), sequence: 2);
        var soon = await _hub.SubmitAsync("DE", ["IT"], start + TimeSpan.FromDays(2));
        var later = await _hub.SubmitAsync("ES", ["IT"], start + TimeSpan.FromDays(60));
        await _hub.SubmitAsync("IT", ["FR"], start + Lead + TimeSpan.FromDays(30));
        _hub.SetTime(start + TimeSpan.FromHours(1));
        await _hub.Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(4L, _hub.Count("SELECT count(*) FROM retention_reviews"));

        await _hub.SendAsync("DE", _hub.Order(soon, "DE", o => o.Lapse = new RetentionLapse()));
        await _hub.SendAsync("ES", _hub.Order(later, "ES", o => o.Lapse = new RetentionLapse()));
        var extension = _hub.Order(extended, "FR", o => o.Extension = new RetentionExtension
        {
            RetainUntilMs = (start + Lead + TimeSpan.FromDays(3)).ToUnixTimeMilliseconds(),
            Justification = "ongoing investigation",
        });
        await _hub.SendAsync("FR", extension);
        await ConfirmAsync("IT");

        var json = (await _hub.CommandAsync("status", "--json")).Json();

        var review = Assert.Single(json.GetProperty("pendingReviews").EnumerateArray());
        Assert.Equal(MessageIds.Format(unanswered.MessageId), review.GetProperty("messageId").GetString());
        Assert.Equal("urn:hst:member:FR", review.GetProperty("source").GetString());
        Assert.True(review.GetProperty("delivered").GetBoolean());
        var waiting = Assert.Single(json.GetProperty("outstandingConfirmations").EnumerateArray());
        Assert.Equal(("extension", "urn:hst:member:ES", MessageIds.Format(extended.MessageId)), (
            waiting.GetProperty("action").GetString(), waiting.GetProperty("holder").GetString(), waiting.GetProperty("messageId").GetString()));
        var expiry = Assert.Single(json.GetProperty("upcomingExpiries").EnumerateArray());
        Assert.Equal(MessageIds.Format(soon.MessageId), expiry.GetProperty("messageId").GetString());
        Assert.False(expiry.GetProperty("due").GetBoolean());

        var wider = (await _hub.CommandAsync("status", "--days", "90", "--json")).Json();
        Assert.Equal(
            [MessageIds.Format(soon.MessageId), MessageIds.Format(later.MessageId)],
            wider.GetProperty("upcomingExpiries").EnumerateArray().Select(e => e.GetProperty("messageId").GetString()));

        var text = await _hub.CommandAsync("status");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("PENDING REVIEWS (1)", text.Out, StringComparison.Ordinal);
        Assert.Contains("OUTSTANDING CONFIRMATIONS (1)", text.Out, StringComparison.Ordinal);
        Assert.Contains("UPCOMING EXPIRIES (1)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_OnAnEmptyHub_SaysNoneAndABadDaysOptionIsAUsageError()
    {
        var empty = await _hub.CommandAsync("status");
        var bad = await _hub.CommandAsync("status", "--days", "0");
        var help = await _hub.CommandAsync("status", "--help");

        Assert.Equal(0, empty.ExitCode);
        Assert.Equal(3, empty.Out.Split('\n').Count(line => line.Trim() == "None."));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--days is a whole number from 1 to 3650", bad.Error, StringComparison.Ordinal);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage: hst-hub status", help.Out, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, (await _hub.CommandAsync("status", "--json")).Json().GetProperty("pendingReviews").ValueKind);
    }

    /// <summary>The holder takes its deliveries up to the order (queued last) and confirms it as applied.</summary>
    private async Task ConfirmAsync(string holder)
    {
        var queued = (int)_hub.Count($"SELECT count(*) FROM deliveries WHERE recipient = '{PartyId.Member(holder).Uri}'");
        var delivery = (await Inbox.ReceiveAsync(_hub.Hub, holder, queued))[^1];
        var order = _hub.VerifyOrder(delivery);
        var confirmation = LifecycleConfirmations.Confirm(delivery.LifecycleOrder, order, LifecycleOutcome.Applied, _hub.Hub.Credentials(holder), _hub.Time.GetUtcNow());
        await _hub.Hub.Client(holder).AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = delivery.Cursor, LifecycleConfirmation = confirmation } },
        });
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM lifecycle_holders WHERE holder = '{PartyId.Member(holder).Uri}' AND outcome IS NOT NULL"));
    }
}
