using Google.Protobuf;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Subscriptions;

/// <summary>
/// Acknowledge: each delivery receipt must be the caller's own signature over a DeliveryReceipt naming
/// the caller as recipient; the store then checks it matches the delivery (message, sender and header hash), marks it done and relays the
/// receipt to the source. All or nothing. Receipts signed as one batch (a batch proof each, docs/protocol.md §12.2)
/// share one signature verification per call.
/// </summary>
internal sealed class AcknowledgeHandler(HubStore store, FederationTrust trust)
{
    /// <summary>Acknowledgements per call; each costs a lookup on the single writer.</summary>
    public const int MaxBatch = 1000;

    public async Task<AcknowledgeResponse> AcknowledgeAsync(CallerIdentity caller, AcknowledgeRequest request, CancellationToken cancellationToken)
    {
        if (request.Acknowledgements.Count > MaxBatch)
        {
            throw HubRejectionException.Of(RejectionReason.SizeLimitExceeded, $"at most {MaxBatch} acknowledgements per call");
        }

        // Cursors are numbered in a signed 64-bit column: one above 2^63-1 would wrap negative on the cast below and be
        // refused naming a cursor the caller never sent. It cannot be a delivery, so it is refused first, as Subscribe does.
        if (request.Acknowledgements.FirstOrDefault(a => a.Cursor > long.MaxValue) is { } beyond)
        {
            throw HubRejectionException.Of(RejectionReason.UnknownCursor, $"cursor {beyond.Cursor} is beyond any cursor (above 2^63-1)");
        }

        var acks = new List<DeliveryAck>(request.Acknowledgements.Count);
        var roots = new VerifiedBatchRoots();
        foreach (var acknowledgement in request.Acknowledgements)
        {
            var receipt = CheckedReceipt(caller.Party, acknowledgement, roots);
            acks.Add(DeliveryAck.Of((long)acknowledgement.Cursor, receipt?.Bytes, receipt?.MessageId, receipt?.Sender)
                with { ReceiptHeaderSha256 = receipt?.HeaderSha256, Confirmation = await CheckedConfirmationAsync(caller, acknowledgement) });
        }

        var result = await store.AcknowledgeAsync(caller.Party, acks, caller.Certificate, cancellationToken);
        return result.Status switch
        {
            AcknowledgeStatus.Acknowledged => new AcknowledgeResponse { Acknowledged = (uint)result.Acknowledged },
            AcknowledgeStatus.UnknownCursor => throw HubRejectionException.Of(RejectionReason.UnknownCursor, $"cursor {result.Cursor} is not a delivery to {caller}"),
            AcknowledgeStatus.ConfirmationInvalid => await RefuseConfirmationAsync<AcknowledgeResponse>(caller, $"cursor {result.Cursor} delivered a lifecycle order and needs the caller's confirmation of exactly that order"),
            AcknowledgeStatus.ReceiptMismatch => throw HubRejectionException.Of(RejectionReason.ReceiptInvalid, $"the receipt for cursor {result.Cursor} names another message, or another header than the one delivered"),
            _ => throw HubRejectionException.Of(RejectionReason.ReceiptInvalid, $"cursor {result.Cursor} delivered an envelope and needs a delivery receipt"),
        };
    }

    /// <summary>
    /// The caller's confirmation of exactly the order its delivery at this cursor carried (LifecycleConfirmations.Verify),
    /// or null when the acknowledgement has none (the transaction refuses a lifecycle order without one).
    /// </summary>
    private async Task<ConfirmedOrder?> CheckedConfirmationAsync(CallerIdentity caller, Acknowledgement acknowledgement)
    {
        if (acknowledgement.LifecycleConfirmation is null)
        {
            return null;
        }

        if (store.FindDeliveredOrder(caller.Party, (long)acknowledgement.Cursor) is not { } order)
        {
            return await RefuseConfirmationAsync<ConfirmedOrder>(caller, $"cursor {acknowledgement.Cursor} delivered no lifecycle order to {caller}");
        }

        var verified = LifecycleConfirmations.Verify(acknowledgement.LifecycleConfirmation, order, caller.Party, trust);
        if (!verified.IsSuccess)
        {
            return await RefuseConfirmationAsync<ConfirmedOrder>(caller, verified.Rejection.Detail);
        }

        var confirmation = verified.Value.Statement;
        return new ConfirmedOrder(acknowledgement.LifecycleConfirmation.ToByteArray(), confirmation.OrderId.ToByteArray(), (int)confirmation.Outcome);
    }

    /// <summary>Audits the refusal (not cancelled with the call; nothing of the request was recorded), then throws it.</summary>
    private async Task<T> RefuseConfirmationAsync<T>(CallerIdentity caller, string detail)
    {
        await store.RecordRejectionAsync(caller.Uri, null, RejectionReason.ConfirmationInvalid, caller.Certificate, CancellationToken.None);
        throw HubRejectionException.Of(RejectionReason.ConfirmationInvalid, detail);
    }

    private (byte[] Bytes, byte[] MessageId, string Sender, byte[] HeaderSha256)? CheckedReceipt(PartyId caller, Acknowledgement acknowledgement, VerifiedBatchRoots roots)
    {
        if (acknowledgement.DeliveryReceipt is null)
        {
            return null;
        }

        var verified = SignedStatements.Verify(acknowledgement.DeliveryReceipt, StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, trust, r => r.ReceivedAtMs, roots);
        if (!verified.IsSuccess)
        {
            throw HubRejectionException.From(verified.Rejection);
        }

        // The signing key must still be good now, not only at the time the recipient wrote into the receipt.
        var now = trust.Validate(acknowledgement.DeliveryReceipt.SignerCertificate.Span, CertificatePurpose.MessageSigning, trust.Time.GetUtcNow());
        if (!now.IsValid || verified.Value.Statement.Version != Protocol.Envelope.ProtocolVersions.Current)
        {
            throw HubRejectionException.Of(RejectionReason.ReceiptInvalid, "the delivery receipt's key is not valid now, or its version is unknown");
        }

        if (verified.Value.Signer.Party != caller || verified.Value.Statement.Recipient != caller.Uri)
        {
            throw HubRejectionException.Of(RejectionReason.ReceiptInvalid, $"a delivery receipt from {caller} must be signed by and name {caller}");
        }

        var statement = verified.Value.Statement;
        return (acknowledgement.DeliveryReceipt.ToByteArray(), statement.MessageId.ToByteArray(), statement.Sender, statement.HeaderSha256.ToByteArray());
    }
}
