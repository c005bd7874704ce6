using Grpc.Core;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Agency;

/// <summary>WatchInbox streams what is stored after subscribing, only inside the scope, and resumes after a reconnect.</summary>
public sealed class WatchInboxTests : AgencyTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_ReceivesAMessageStoredAfterSubscribing_AndResumesAfterAReconnectWithoutLossOrRepeat()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("H1", "all"));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var before = await Node.ReceiveAsync(Message(HandlingCode.H1));

        ulong lastPosition;
        using (var deadline = new CancellationTokenSource(Deadline))
        using (var call = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token))
        {
            // What was stored before subscribing comes first (after_position 0), then what arrives.
            Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
            Assert.Equal(JsonTranscodingTests.MessageIdText(before), call.ResponseStream.Current.Summary.MessageId);

            var outside = await Node.ReceiveAsync(Message(HandlingCode.H3));
            var after = await Node.ReceiveAsync(Message(HandlingCode.H1));

            Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
            var received = call.ResponseStream.Current;
            Assert.Equal(JsonTranscodingTests.MessageIdText(after), received.Summary.MessageId);
            Assert.NotEqual(JsonTranscodingTests.MessageIdText(outside), received.Summary.MessageId);
            Assert.Equal(HandlingCode.H1, received.Message.Handling.Code);
            lastPosition = received.Summary.InboxPosition;
        }

        // While disconnected, two more arrive; the reconnecting agency gets exactly those, in order.
        var missed1 = await Node.ReceiveAsync(Message(HandlingCode.H1));
        var missed2 = await Node.ReceiveAsync(Message(HandlingCode.H1));
        using (var deadline = new CancellationTokenSource(Deadline))
        using (var call = client.WatchInbox(new AgencyWatchInboxRequest { AfterPosition = lastPosition }, cancellationToken: deadline.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
            Assert.Equal(JsonTranscodingTests.MessageIdText(missed1), call.ResponseStream.Current.Summary.MessageId);
            Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
            Assert.Equal(JsonTranscodingTests.MessageIdText(missed2), call.ResponseStream.Current.Summary.MessageId);
            Assert.True(call.ResponseStream.Current.Summary.InboxPosition > lastPosition);
        }
    }

    [Fact]
    public async Task Watch_OfAnAgencyDisabledMeanwhile_EndsWithPermissionDenied()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all"));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        using var deadline = new CancellationTokenSource(Deadline);
        using var call = client.WatchInbox(new AgencyWatchInboxRequest(), cancellationToken: deadline.Token);
        await Node.ReceiveAsync(Message(HandlingCode.H1));
        Assert.True(await call.ResponseStream.MoveNext(deadline.Token));

        await Node.Store.SetAgencyDisabledAsync("border-police", true, AgencyNode.Operator);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(deadline.Token))
            {
            }
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith("AGENCY_DISABLED: ", error.Status.Detail, StringComparison.Ordinal);
    }
}
