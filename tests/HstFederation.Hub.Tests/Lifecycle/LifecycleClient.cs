using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>A member's side of the lifecycle as a node does it: signing orders about sealed envelopes, sending them, confirming them.</summary>
internal static class LifecycleClient
{
    /// <summary>An order by <paramref name="source"/> about <paramref name="message"/>; <paramref name="action"/> sets the action (a recall if null).</summary>
    public static LifecycleOrder Order(SealedEnvelope message, string source, Action<LifecycleOrder>? action = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var order = new LifecycleOrder
        {
            Version = LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(MessageIds.NewId(now, SystemRandomSource.Instance)),
            MessageId = message.Header.MessageId,
            Source = PartyId.Member(source).Uri,
            HeaderSha256 = ByteString.CopyFrom(message.HeaderSha256.Span),
            Issuer = PartyId.Member(source).Uri,
            IssuedAtMs = now.ToUnixTimeMilliseconds(),
            Recall = new RecallOrder { Reason = RecallReason.Inaccurate, Note = "wrong person" },
        };
        action?.Invoke(order);
        return order;
    }

    public static SignedStatement Sign(HubServer hub, LifecycleOrder order, string signer) => LifecycleOrders.Sign(order, hub.Credentials(signer));

    public static async Task<LifecycleResponse> SendAsync(HubServer hub, string caller, SignedStatement order) =>
        await hub.Client(caller).LifecycleAsync(new LifecycleRequest { Order = order });

    /// <summary>The receipt's content, verified as the hub's signature.</summary>
    public static LifecycleReceipt Receipt(HubServer hub, LifecycleResponse response) =>
        SignedStatements.Verify(response.Receipt, StatementKind.LifecycleReceipt, LifecycleReceipt.Parser, hub.Trust, r => r.AcceptedAtMs)
            .GetValueOrThrow().Statement;

    public static async Task<RejectionDetail> RefusedAsync(HubServer hub, string caller, SignedStatement order, StatusCode status)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => SendAsync(hub, caller, order));
        Assert.Equal(status, error.StatusCode);
        return RejectionTrailer.Read(error)!;
    }

    /// <summary>Acknowledges the lifecycle order <paramref name="delivery"/> as <paramref name="holder"/> with its signed confirmation.</summary>
    public static async Task ConfirmAsync(HubServer hub, string holder, Delivery delivery, LifecycleOutcome outcome)
    {
        var order = LifecycleOrder.Parser.ParseFrom(delivery.LifecycleOrder.Statement);
        var confirmation = LifecycleConfirmations.Confirm(delivery.LifecycleOrder, order, outcome, hub.Credentials(holder), TimeProvider.System.GetUtcNow());
        await hub.Client(holder).AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = delivery.Cursor, LifecycleConfirmation = confirmation } },
        });
    }
}
