using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// A lifecycle receipt the hub signed whose holders are not members: the node stored each string as a holder to wait for
/// and printed it as it came (`show`, `ledger`). Now the receipt is refused like one for another order: the order stays
/// queued, nothing of the receipt is kept, and the next pass sends it again.
/// </summary>
public sealed class HostileLifecycleReceiptTests : HubLinkTestBase
{
    [Theory]
    [InlineData("\u001b]0;owned\u0007urn:hst:member:DE")]
    [InlineData("urn:hst:hub:IPSG")]
    [InlineData("urn:hst:member:DE")]
    public async Task Recall_AcceptedWithAReceiptNamingAHolderThatIsNotAMemberOnce_StaysQueued_NothingOfTheReceiptKept(string holder)
    {
        var answers = new ReceiptAnswers(Hub.HubCredentials, holder);
        await using var it = TestNode.Create(Hub, "IT", interceptor: answers);
        var messageId = await SentToDe.SendAsync(it, De);
        var order = Assert.Single(await new OrderIssuer(it.Store, it.Credentials, TimeProvider.System, SystemRandomSource.Instance).IssueAsync(
            messageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.Inaccurate }), "operator:test", CancellationToken.None));

        Assert.Equal(0, await it.Orders.RunOnceAsync(CancellationToken.None));

        var issued = (await it.Store.IssuedOrderAsync(order.OrderId))!;
        Assert.Equal(IssuedOrder.Queued, issued.State);
        Assert.Null(issued.Receipt);
        Assert.Equal(0, it.Count("SELECT COUNT(*) FROM lifecycle_order_holders;"));

        // The hub's own receipt, unedited, is taken on the next pass.
        answers.Editing = false;
        Assert.Equal(1, await it.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(IssuedOrder.Accepted, (await it.Store.IssuedOrderAsync(order.OrderId))!.State);
    }

    /// <summary>Answers Lifecycle with the hub's receipt with <paramref name="holder"/> added, signed again with the hub's key.</summary>
    private sealed class ReceiptAnswers(PartyCredentials hub, string holder) : Interceptor
    {
        private volatile bool _editing = true;

        public bool Editing
        {
            get => _editing;
            set => _editing = value;
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is not LifecycleRequest || !_editing)
            {
                return continuation(request, context);
            }

            var call = continuation(request, context);
            return new AsyncUnaryCall<TResponse>(Edit(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private async Task<TResponse> Edit<TResponse>(Task<TResponse> answer)
        {
            var response = (LifecycleResponse)(object)(await answer)!;
            var receipt = LifecycleReceipt.Parser.ParseFrom(response.Receipt.Statement);
            receipt.Holders.Add(holder);
            response.Receipt = SignedStatements.Sign(receipt, StatementKind.LifecycleReceipt, hub);
            return (TResponse)(object)response;
        }
    }
}
