using Google.Protobuf;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Intelligence;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Releases;

/// <summary>
/// Hub.Release (docs/intelligence.md §4): the source of one message of a hit, told of it, releases that message to the
/// hit's other source with its signed consent. The hub checks the consent, enforces the handling as on every forward
/// (EnvelopeForwarder: H3 never, H2 only with the consent, H1 within the addressees, excluded members never), wraps the
/// content key for the other source, and stores the forwarded envelope with a delivery to it in one transaction.
/// Releasing again answers the same, duplicate = true. Every refusal is audited with its reason.
/// </summary>
internal sealed class ReleaseHandler(HubStore store, MemberRegistry registry, HubCredentials credentials, TimeProvider time)
{
    public async Task<ReleaseResponse> ReleaseAsync(CallerIdentity caller, ReleaseRequest request, CancellationToken cancellationToken)
    {
        var hitId = request.HitId.ToByteArray();
        var target = hitId.Length == HitIds.Size ? await store.FindReleaseTargetAsync(hitId, caller.Party, cancellationToken) : null;
        if (target is not { NotifiedToCaller: true })
        {
            // Only the two sources are told of a hit: to anyone else it does not exist (rejection.proto HIT_UNKNOWN).
            await RefuseAsync(caller, null, RejectionReason.HitUnknown, $"no hit with this id was notified to {caller}");
        }

        if (target!.Mine is null)
        {
            // Each source may release only its own message of the hit.
            await RefuseAsync(caller, null, RejectionReason.PermissionDenied, $"{caller} is the source of neither message of this hit");
        }

        var message = target.Mine!;
        var response = new ReleaseResponse { MessageId = ByteString.CopyFrom(message.MessageId), ReleasedTo = target.OtherSource.Uri };
        if (target.AlreadyReleased)
        {
            // As a Submit retry gets its original receipt: the same answer, whatever has changed since.
            await store.AuditAsync(caller.Uri, AuditActions.Release, message.MessageId, $"hit={Convert.ToHexStringLower(hitId)} to={target.OtherSource.Uri} duplicate", caller.Certificate, CancellationToken.None);
            response.Duplicate = true;
            return response;
        }

        // The fast path: a release of a message already withdrawn or restricted is refused before the costly work. The
        // store checks again in its transaction, for an order that commits meanwhile.
        await CheckLifecycleAsync(caller, message, target.OtherSource, cancellationToken);
        var forwarded = await ForwardAsync(caller, message, target.OtherSource, request.Consent, cancellationToken);
        var outcome = await store.StoreForwardAsync(
            new ReleasedForward(hitId, caller.Party, message.HubSequence, message.MessageId, target.OtherSource, forwarded) { Certificate = caller.Certificate },
            await registry.PolicyAsync(cancellationToken),
            cancellationToken);
        if (outcome.IsRefused)
        {
            // Audited in the transaction that refused it.
            throw HubRejectionException.From(new Rejection(outcome.Reason, outcome.Detail));
        }

        response.Duplicate = !outcome.Stored;
        return response;
    }

    /// <summary>
    /// The source's later decisions (docs/lifecycle.md §3): nothing of a recalled or expired message is forwarded, and a
    /// restriction (a stricter code, excluded members) binds every later forward as the signed header's handling does.
    /// </summary>
    private async Task CheckLifecycleAsync(CallerIdentity caller, StoredMessage message, PartyId to, CancellationToken cancellationToken)
    {
        if (store.FindLifecycleState(message.HubSequence) is not { } state)
        {
            return;
        }

        if (state.IsWithdrawn)
        {
            await RefuseAsync(caller, message.MessageId, RejectionReason.MessageWithdrawn, "the message was recalled or has expired");
        }

        if (!Protocol.Lifecycle.LifecycleRules.MayKeep(state.Handling, to, forwardedCopy: true, await registry.PolicyAsync(cancellationToken)))
        {
            await RefuseAsync(caller, message.MessageId, RejectionReason.ForwardNotPermitted, $"the source's restriction no longer lets {to} hold this message");
        }
    }

    /// <summary>The source's envelope with the hub's forward record for <paramref name="to"/>, or a refusal.</summary>
    private async Task<byte[]> ForwardAsync(CallerIdentity caller, StoredMessage message, PartyId to, SignedConsent? consent, CancellationToken cancellationToken)
    {
        var verifier = new EnvelopeVerifier(credentials.Trust, await registry.PolicyAsync(cancellationToken));
        var verified = verifier.Verify(message.Envelope);
        if (!verified.IsSuccess)
        {
            // E.g. expired since it was accepted: its recipients would refuse a forward of it.
            await RefuseAsync(caller, message.MessageId, verified.Rejection);
        }

        await CheckConsentAsync(caller, verifier, verified.Value!, to, consent);
        if (!verified.Value!.Header.Handling.HubMayRead)
        {
            await RefuseAsync(caller, message.MessageId, RejectionReason.ForwardNotPermitted, "a direct exchange: the hub cannot read it, so it cannot forward it");
        }

        var key = await RecipientKeyAsync(to, cancellationToken);
        if (key is null)
        {
            await RefuseAsync(caller, message.MessageId, RejectionReason.ForwardNotPermitted, $"{to} is not an active member with a valid encryption key");
        }

        var opened = new EnvelopeOpener(verifier).Open(verified.Value, credentials.Party);
        var forward = opened.IsSuccess
            ? new EnvelopeForwarder(verifier, time).Forward(opened.Value, credentials.Party, [key!], consent)
            : opened.Rejection;
        if (!forward.IsSuccess)
        {
            await RefuseAsync(caller, message.MessageId, forward.Rejection);
        }

        return forward.Value!.Bytes.ToArray();
    }

    /// <summary>The caller's signature over this message's header, granted to exactly the other source (protocol.md §7.3).</summary>
    private async Task CheckConsentAsync(CallerIdentity caller, EnvelopeVerifier verifier, VerifiedEnvelope verified, PartyId to, SignedConsent? consent)
    {
        var messageId = verified.MessageId.ToArray();
        if (consent is null)
        {
            await RefuseAsync(caller, messageId, RejectionReason.ConsentInvalid, "a release needs the source's signed consent");
        }

        // A consent stamped by a node whose clock runs ahead of the hub's, within the tolerance, is accepted; the
        // forward is then stamped at the grant time (EnvelopeForwarder), so receivers see the consent precede it.
        var checkedConsent = verifier.VerifyConsent(consent!, verified, time.GetUtcNow() + credentials.Trust.Options.MaxClockSkew);
        if (!checkedConsent.IsSuccess)
        {
            await RefuseAsync(caller, messageId, RejectionReason.ConsentInvalid, checkedConsent.Rejection.Detail);
        }

        if (checkedConsent.Value!.GrantedTo is not [var only] || only != to.Uri)
        {
            await RefuseAsync(caller, messageId, RejectionReason.ConsentInvalid, $"the consent must be granted to exactly {to}, the hit's other source");
        }
    }

    private async Task<CertifiedKey?> RecipientKeyAsync(PartyId party, CancellationToken cancellationToken)
    {
        var member = (await registry.DirectoryAsync(cancellationToken)).Find(party);
        if (member is not { IsActive: true })
        {
            return null;
        }

        var check = credentials.Trust.Validate(member.EncryptionCertificate, CertificatePurpose.MessageEncryption, time.GetUtcNow());
        return check.IsValid && check.Key!.Party == party ? check.Key : null;
    }

    private Task RefuseAsync(CallerIdentity caller, byte[]? messageId, RejectionReason reason, string detail) =>
        RefuseAsync(caller, messageId, new Rejection(reason, detail));

    /// <summary>Audits the refusal (not cancelled with the call), then throws it.</summary>
    private async Task RefuseAsync(CallerIdentity caller, byte[]? messageId, Rejection rejection)
    {
        await store.RecordRejectionAsync(caller.Uri, messageId, rejection.Reason, caller.Certificate, CancellationToken.None);
        throw HubRejectionException.From(rejection);
    }
}
