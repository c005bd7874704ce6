using Google.Protobuf.WellKnownTypes;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Ledger;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Storage.Audit;

namespace HstFederation.Node.Agency;

/// <summary>
/// The node's <see cref="NodeLedger"/> as the agency API's AgencyMessageLedger, limited to the copies the agency may see
/// (<see cref="AgencyLedgerAccess"/>): orders received and tombstones only of the senders whose copy it sees; the orders this
/// NCB and the hub issued about its own copy only with that copy.
/// </summary>
internal static class AgencyLedger
{
    /// <summary>
    /// Each of the reads and audit lists holds at most this many entries, the newest (with the full counts beside them):
    /// every GetMessage adds an entry, and without a bound one message read ~30,000 times would push its ledger past the
    /// 4 MB send limit, failing GetLedger for every agency. 500 entries stay far below it (each under ~300 bytes).
    /// </summary>
    public const int MaxAuditEntries = 500;

    public static AgencyMessageLedger Map(NodeLedger ledger, AgencyLedgerAccess access)
    {
        var result = new AgencyMessageLedger { MessageId = MessageIds.Format(ledger.MessageId) };
        if (access.Sent && ledger.Sent is { } sent)
        {
            result.Sent = Sent(sent);
        }

        var senders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var copy in ledger.Received.Where(r => access.Received.Contains(r.LocalId)))
        {
            senders.Add(copy.Sender);
            result.Received.Add(Received(copy));
        }

        result.OrdersReceived.AddRange(ledger.OrdersReceived.Where(o => senders.Contains(o.Source)).Select(o => new AgencyReceivedOrder
        {
            OrderId = MessageIds.Format(o.OrderId), Source = o.Source, Action = o.Action, Order = o.Order, AppliedAt = At(o.AppliedAtMs), Outcome = o.Outcome,
        }));
        result.Tombstones.AddRange(ledger.Tombstones.Where(t => senders.Contains(t.Sender) || (access.Sent && t.Box == MessageBox.Outbox)).Select(t => new AgencyTombstone
        {
            Sender = t.Sender, Cause = t.Cause, OrderId = t.OrderId is { } order ? MessageIds.Format(order) : string.Empty, Outcome = t.Outcome, PurgedAt = At(t.PurgedAtMs),
        }));
        var reads = ledger.Reads;
        result.ReadsTotal = (uint)reads.Count;
        result.Reads.AddRange(reads.TakeLast(MaxAuditEntries).Select(Entry));
        result.AuditTotal = (uint)ledger.Audit.Count;
        result.Audit.AddRange(ledger.Audit.TakeLast(MaxAuditEntries).Select(Entry));
        return result;
    }

    private static AgencySentLedger Sent(SentLedger sent)
    {
        var result = new AgencySentLedger
        {
            State = (OutboxMessageState)(int)sent.State,
            QueuedAt = At(sent.CreatedAtMs),
            QueuedBy = sent.Actor,
            HubSequence = (ulong)(sent.HubSequence ?? 0),
            RejectReason = sent.RejectReason ?? string.Empty,
            Handling = sent.Header?.Code ?? HandlingCode.Unspecified,
            Lifecycle = Lifecycle(sent.Lifecycle),
        };
        result.Holders.AddRange(sent.Holders.Select(h => new AgencyLedgerHolder
        {
            Party = h.Party, Forwarded = h.Forwarded, DeliveredAt = h.DeliveredAtMs is { } at ? At(at) : null,
        }));
        result.Releases.AddRange(sent.Releases.Select(r => new AgencyLedgerRelease
        {
            HitId = IntelligenceIds.Format(r.HitId), OtherSender = r.OtherSender, ReleaseState = AgencyIntelligence.State(r.Release.State),
            ReleaseAt = r.Release.AtMs is { } at ? At(at) : null, ReleaseActor = r.Release.Actor ?? string.Empty, ReleasedTo = r.Release.ReleasedTo ?? string.Empty,
            ReleaseReason = r.Release.Reason ?? string.Empty,
        }));
        result.Orders.AddRange(sent.Orders.Select(Order));
        // Not bounded like reads and audit: no agency call adds to them; the hub expires a message once, and an order's
        // holders are at most the message's.
        result.HubOrders.AddRange(sent.HubOrders.Select(HubOrder));
        result.Reviews.AddRange(sent.Reviews.Select(r => new AgencyRetentionReview
        {
            RetainUntil = At(r.RetainUntilMs), RequestedAt = At(r.RequestedAtMs), Holders = (uint)r.Holders, Decision = r.Decision ?? string.Empty,
            DecidedAt = r.DecidedAtMs is { } at ? At(at) : null,
        }));
        return result;
    }

    private static AgencyIssuedOrder Order(SentOrder order)
    {
        var result = new AgencyIssuedOrder
        {
            OrderId = MessageIds.Format(order.OrderId), Action = order.Action, Order = order.Order, IssuedBy = order.Actor, IssuedAt = At(order.CreatedAtMs),
            State = (AgencyOrderState)(int)order.State, StateAt = At(order.StateAtMs), RefusalReason = order.RefusalReason ?? string.Empty,
        };
        result.Holders.AddRange(order.Holders.Select(Holder));
        return result;
    }

    private static AgencyHubOrder HubOrder(HubOrder order)
    {
        var result = new AgencyHubOrder
        {
            OrderId = MessageIds.Format(order.OrderId), Action = order.Action, Order = order.Order, Issuer = order.Order?.Issuer ?? string.Empty,
            IssuedAt = order.Order is { } signed ? At(signed.IssuedAtMs) : null,
        };
        result.Holders.AddRange(order.Holders.Select(Holder));
        return result;
    }

    private static AgencyOrderHolder Holder(OrderHolder holder) => new()
    {
        Party = holder.Holder, Outcome = holder.Outcome ?? LifecycleOutcome.Unspecified, ConfirmedAt = holder.ConfirmedAtMs is { } at ? At(at) : null,
    };

    private static AgencyReceivedLedger Received(ReceivedLedger copy)
    {
        var result = new AgencyReceivedLedger
        {
            Sender = copy.Sender, ReceivedAt = At(copy.ReceivedAtMs), Handling = copy.Header?.Code ?? HandlingCode.Unspecified, Lifecycle = Lifecycle(copy.Lifecycle),
        };
        result.Forwards.AddRange(copy.Forwards.Select(f =>
        {
            var forward = new AgencyLedgerForward { Forwarder = f.Forwarder, ForwardedAt = At(f.ForwardedAtMs), WithConsent = f.Consent is not null };
            forward.AddedRecipients.AddRange(f.AddedRecipients);
            return forward;
        }));
        return result;
    }

    private static AgencyCopyLifecycle Lifecycle(CopyLifecycle copy)
    {
        var result = new AgencyCopyLifecycle
        {
            Version = (uint)copy.Version,
            SupersedesMessageId = copy.SupersedesMessageId is { } older ? MessageIds.Format(older) : string.Empty,
            LineageReason = copy.LineageReason ?? string.Empty,
            SupersededBy = copy.SupersededBy is { } newer ? MessageIds.Format(newer) : string.Empty,
            EffectiveHandling = copy.EffectiveHandling?.Code ?? HandlingCode.Unspecified,
            RetainUntil = copy.RetainUntilMs is { } until ? At(until) : null,
            PurgedAt = copy.PurgedAtMs is { } purged ? At(purged) : null,
            PurgeCause = copy.PurgeCause ?? string.Empty,
        };
        result.ExcludedMembers.AddRange(copy.EffectiveHandling?.Addressees?.ExcludedMembers ?? []);
        return result;
    }

    private static AgencyLedgerAuditEntry Entry(AuditEntry entry) => new()
    {
        Seq = (ulong)entry.Seq, At = At(entry.AtMs), Actor = entry.Actor, Action = entry.Action, Detail = entry.Detail, Certificate = entry.Certificate ?? string.Empty,
    };

    private static Timestamp? At(long unixMs) => StoredTime.Timestamp(unixMs);
}
