using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>The checks of one (message, addressee): the inbox, the hub's delivery, the receipt back at the source.</summary>
internal sealed partial class FederationChecker
{
    /// <summary>One (message, addressee): in the inbox once and intact, the hub's delivery acknowledged, the receipt back at the source.</summary>
    private void CheckDelivery(OutboxRecord message, VerifiedEnvelope envelope, HstMessage sent, string addressee)
    {
        var key = message.Key;
        var deliveries = _envelopeDeliveries[(key, addressee)].ToList();
        if (deliveries.Count != 1)
        {
            Violation($"{key}: the hub holds {deliveries.Count} deliveries for {addressee}, not one");
            return;
        }

        var delivery = deliveries[0];
        var cutOff = _cutOff.Contains(addressee);
        if (!_nodes.TryGetValue(addressee, out var recipient) || !recipient.Inbox.TryGetValue(key, out var received))
        {
            if (!cutOff || delivery.Acknowledged)
            {
                Violation($"{key} never reached addressee {addressee} (hub delivery acknowledged: {delivery.Acknowledged})");
            }
            else
            {
                _totals.WaitingForCutOffMembers++;
            }

            return;
        }

        CheckReceived(key, envelope, sent, addressee, recipient, received);
        if (!delivery.Acknowledged && !cutOff)
        {
            Violation($"{key}: {addressee} holds it, but its delivery at the hub was never acknowledged");
        }

        CheckReceipt(message, envelope, addressee, delivery);
    }

    private void CheckReceived(MessageKey key, VerifiedEnvelope envelope, HstMessage sent, string addressee, NodeRecords recipient, InboxRecord received)
    {
        _totals.Deliveries++;
        var audits = recipient.ReceiveAudits.GetValueOrDefault(key);
        if (audits != 1)
        {
            Violation($"{key}: {addressee}'s audit log records {audits} receptions, not one");
        }

        if (!received.Envelope.AsSpan().SequenceEqual(envelope.Bytes.Span) || !received.HeaderHash.AsSpan().SequenceEqual(envelope.HeaderSha256.Span))
        {
            Violation($"{key}: {addressee} stored another envelope than the one its sender sealed");
        }

        if (!HstMessage.Parser.ParseFrom(received.Plaintext).Equals(sent))
        {
            Violation($"{key}: {addressee} stored other content than was sent");
        }

        if (_credentials[addressee] is not { } credentials)
        {
            return; // a revoked member's keys no longer load: verified above, not opened again
        }

        var opened = new EnvelopeOpener(_verifier).Open(received.Envelope, credentials);
        if (!opened.IsSuccess || !opened.Value.Message.Equals(sent))
        {
            Violation($"{key}: {addressee}'s stored envelope does not open to what was sent ({opened.Rejection?.Detail})");
            return;
        }

        _totals.Reopened++;
    }

    private void CheckReceipt(OutboxRecord message, VerifiedEnvelope envelope, string addressee, HubDelivery delivery)
    {
        var key = message.Key;
        var relays = _relays[delivery.Cursor].ToList();
        if (!delivery.Acknowledged)
        {
            return; // a cut-off addressee that stored it but could not acknowledge: no receipt exists
        }

        if (relays.Count != 1 || relays[0].Recipient != key.Sender)
        {
            Violation($"{key}: {addressee}'s acknowledgement was relayed {relays.Count} times (to {string.Join(",", relays.Select(r => r.Recipient))}), not once to the sender");
            return;
        }

        var relay = relays[0];
        if (!message.DeliveryReceipts.TryGetValue(addressee, out var receipt))
        {
            if (!_cutOff.Contains(key.Sender) || relay.Acknowledged)
            {
                Violation($"{key}: {addressee}'s delivery receipt never reached the sender (relay acknowledged: {relay.Acknowledged})");
            }
            else
            {
                _totals.WaitingForCutOffMembers++;
            }

            return;
        }

        if (!relay.Acknowledged && !_cutOff.Contains(key.Sender))
        {
            Violation($"{key}: the sender holds {addressee}'s receipt but never acknowledged its relay");
        }

        if (relay.DeliveryReceipt is null || !relay.DeliveryReceipt.AsSpan().SequenceEqual(receipt))
        {
            Violation($"{key}: the sender holds another receipt from {addressee} than the hub relayed");
        }

        var verified = SignedStatements.Verify(
            SignedStatement.Parser.ParseFrom(receipt), StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, _trust, r => r.ReceivedAtMs);
        if (!verified.IsSuccess || verified.Value.Signer.Party.Uri != addressee || verified.Value.Statement.Recipient != addressee
            || verified.Value.Statement.Sender != key.Sender || Convert.ToHexString(verified.Value.Statement.MessageId.Span) != key.Id
            || !verified.Value.Statement.HeaderSha256.Span.SequenceEqual(envelope.HeaderSha256.Span))
        {
            Violation($"{key}: the delivery receipt from {addressee} does not verify as its receipt of this message ({verified.Rejection?.Detail})");
            return;
        }

        _totals.Receipts++;
    }
}
