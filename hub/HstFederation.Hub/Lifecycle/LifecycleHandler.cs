using HstFederation.Hub.Directory;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// Hub.Lifecycle (docs/lifecycle.md §3): the order's signature and shape, its times against the hub's clock
/// (<see cref="LifecycleOrders.CheckTimes"/>), that the caller issued it, then everything that depends on the message's
/// state in one writer transaction (<see cref="LifecycleTransaction"/>). A suspended member may still call (RpcPolicy):
/// recalling or restricting what it sent only lowers the exposure of its data, which data protection requires it can
/// always do; extending retention it may not until reinstated. Every refusal is audited. The hub's own messages the order
/// withdraws (hit notifications, products) are announced to their members in the same transaction (<see cref="HubWithdrawalNotices"/>).
/// </summary>
internal sealed class LifecycleHandler(HubStore store, MemberRegistry registry, HubCredentials credentials, HubOutbound outbound)
{
    public async Task<LifecycleResponse> LifecycleAsync(CallerIdentity caller, LifecycleRequest request, CancellationToken cancellationToken)
    {
        var verified = LifecycleOrders.Verify(request.Order, credentials.Trust);
        if (!verified.IsSuccess)
        {
            await RefuseAsync(caller, null, verified.Rejection);
        }

        var order = verified.Value!.Statement;
        var messageId = order.MessageId.ToByteArray();
        var trust = credentials.Trust;
        if (LifecycleOrders.CheckTimes(order, trust.Time.GetUtcNow(), trust.Options.MaxClockSkew) is { } untimely)
        {
            // An order dated ahead would also carry its 30-year retention cap ahead with it.
            await RefuseAsync(caller, messageId, untimely);
        }

        if (order.Issuer != caller.Uri)
        {
            await RefuseAsync(caller, messageId, new Rejection(RejectionReason.NotSource, $"the order is issued by {order.Issuer}; only the message's source may send its orders"));
        }

        if (order.ActionCase == LifecycleOrder.ActionOneofCase.Extension
            && (await registry.DirectoryAsync(cancellationToken)).Find(caller.Party) is not { IsActive: true })
        {
            await RefuseAsync(caller, messageId, new Rejection(RejectionReason.SenderNotActive, "a suspended member may recall or restrict its messages, not extend their retention"));
        }

        var policy = await registry.PolicyAsync(cancellationToken);
        var decision = await store.WriteAsync(
            context =>
            {
                var decided = LifecycleTransaction.Execute(context, request.Order, order, policy, credentials.Party, caller.Certificate);
                HubWithdrawalNotices.Send(context, outbound);
                return decided;
            },
            cancellationToken);
        if (decision.Receipt is null)
        {
            // Audited in the transaction that refused it.
            throw HubRejectionException.From(new Rejection(decision.Reason, decision.Detail));
        }

        return new LifecycleResponse { Receipt = SignedStatement.Parser.ParseFrom(decision.Receipt), Duplicate = decision.Duplicate };
    }

    /// <summary>Audits the refusal (not cancelled with the call), then throws it.</summary>
    private async Task RefuseAsync(CallerIdentity caller, byte[]? messageId, Rejection rejection)
    {
        await store.RecordRejectionAsync(caller.Uri, messageId, rejection.Reason, caller.Certificate, CancellationToken.None);
        throw HubRejectionException.From(rejection);
    }
}
