using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using Polly;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Drains the outbox in queue order: seals a message once and keeps the envelope (and the blind matching tokens of a
/// message the hub may not read, <see cref="BlindTokens"/>) before the first submit (so every retry, across restarts,
/// sends identical bytes), submits with backoff, and records the hub's verified acceptance receipt or its final
/// refusal. A pass stops at the first message that is still retriable, so later messages never overtake it; this
/// node's own CRL gone stale is retriable too (<see cref="TrustDataStaleException"/>), never a refusal of the message.
/// </summary>
internal sealed class OutboxSender(
    HubConnection hub, NodeStore store, MemberDirectoryCache directory, PartyCredentials me, FederationTrust trust,
    TimeProvider time, HubLinkOptions options, ILogger logger, CertifiedKey? hubEncryptionKey = null, BlindTokens? blindTokens = null)
{
    private readonly ResiliencePipeline _retry = Retries.Build(time, options, options.SubmitAttempts);
    private readonly NudgedLoop _loop = new(time, options.PollInterval);
    private readonly RepeatedFailure _failures = new(time);
    private readonly PassBackoff _backoff = new(options);

    /// <summary>How long after it was queued a message may still be delivered (the envelope's expiry).</summary>
    public static readonly TimeSpan DeliveryLifetime = TimeSpan.FromDays(30);

    /// <summary>Wakes <see cref="RunAsync"/> now, e.g. right after an enqueue in this process.</summary>
    public void Nudge() => _loop.Nudge();

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(RunOnceAsync, cancellationToken, _backoff.NextWait);

    /// <summary>One pass over the queued messages; returns how many reached a final state (accepted or rejected).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        bool renumbered;
        bool failed;
        do
        {
            (var count, renumbered, failed) = await PassAsync(cancellationToken).ConfigureAwait(false);
            finished += count;
        }
        while (renumbered);

        _backoff.Record(failed);
        return finished;
    }

    /// <summary>
    /// Sends the queued messages as read at its start. It stops early once the queue was numbered again (SequenceReused):
    /// the messages it read hold their old numbers, so the caller reads them again and goes on in the same pass.
    /// </summary>
    private async Task<(int Finished, bool Renumbered, bool Failed)> PassAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        foreach (var entry in await store.PendingAsync(100, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var renumbered = await SendAsync(entry, cancellationToken).ConfigureAwait(false);
                finished++;
                if (renumbered)
                {
                    return (finished, true, false);
                }
            }
            catch (TrustDataStaleException error)
            {
                // This node cannot judge a recipient's certificate (or the hub's receipt) until its CRL is renewed:
                // the message waits, queued, like any other retriable failure.
                HubLinkLog.SendDeferredTrustStale(logger, entry.LocalId, error.Message);
                return (finished, false, true);
            }
            catch (Exception error) when (error is RpcException or HttpRequestException or IOException or DirectoryUnavailableException
                or InvalidReceiptException or NodeStoreUnavailableException)
            {
                if (_failures.Failed(error, out var since))
                {
                    HubLinkLog.SendPassFailed(logger, error.Message, since);
                }

                HubLinkLog.SendPassFailedAgain(logger, error);
                return (finished, false, true);
            }
        }

        // Only a pass that finished a message says the failures are over: an empty one (the message cancelled or purged
        // meanwhile) has not reached the hub.
        if (finished > 0 && _failures.Succeeded() is { } lasted)
        {
            HubLinkLog.SendPassRecovered(logger, lasted);
        }

        return (finished, false, false);
    }

    /// <summary>Sends one message to a final state (or throws when it is still retriable); true when the queue was numbered again on the way.</summary>
    /// <param name="renumbered">This message was numbered again in this attempt already (<see cref="RenumberAsync"/>: once only).</param>
    private async Task<bool> SendAsync(OutboxEntry entry, CancellationToken cancellationToken, bool renumbered = false)
    {
        if (RevokedSigningKey() is { } revoked)
        {
            // This NCB's key is on the federation CRL (the member was revoked, THREATS 23): it must sign nothing more,
            // and the hub refuses the revoked member's calls (soon at the TLS handshake, with no reason the node could
            // read): refuse here, with the reason, rather than retry forever.
            HubLinkLog.OwnKeyRevoked(logger, entry.LocalId, me.Signing.SerialNumber);
            await RejectAsync(entry, nameof(RejectionReason.SenderCertificateRevoked), revoked, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var sealedMessage = entry.Envelope is { } kept ? new Sealed(kept, entry.MatchingTokens) : await SealAsync(entry, cancellationToken).ConfigureAwait(false);
        if (sealedMessage is null)
        {
            return false;
        }

        var envelope = sealedMessage.Envelope;
        SubmitResponse response;
        try
        {
            response = await _retry.ExecuteAsync(
                async token => await SubmitAsync(entry.LocalId, sealedMessage, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException error) when (sealedMessage.MatchingTokens is not null && HubRejections.Read(error)?.Reason == RejectionReason.MatchingTokensInvalid)
        {
            // The hub refused the tokens, not the message (e.g. a key id it no longer accepts after a rotation): the
            // message must not be lost for its value-added part. The same envelope goes again, without tokens.
            var detail = HubRejections.Read(error)!;
            IntelligenceLog.TokensRefused(logger, entry.LocalId, detail.Detail);
            if (!await store.DropTokensAsync(entry.LocalId, $"{detail.Reason}: {detail.Detail} (hub correlation id {detail.CorrelationId})", cancellationToken)
                .ConfigureAwait(false))
            {
                // No longer queued with its tokens: purged (retention) or otherwise ended during the submit. Sent again from
                // the envelope in memory it would leave after its purge; a row still queued is read afresh by the next pass.
                return false;
            }

            // Still the same attempt: a message numbered again in it stays so (RenumberAsync numbers it again once only).
            return await SendAsync(entry with { Envelope = envelope, MatchingTokens = null }, cancellationToken, renumbered).ConfigureAwait(false);
        }
        catch (RpcException error) when (entry.Envelope is not null && HubRejections.Read(error)?.Reason == RejectionReason.CreatedTooLongAgo)
        {
            // Sealed before a long hub outage: the hub takes envelopes only while fresh. It checks for a repeat of
            // this message id before the age, so it never accepted this one: seal it again, once, and submit that.
            // Unless the operator recalled it meanwhile: then it ends refused (PendingRecalls) and is not sealed again.
            HubLinkLog.Resealing(logger, entry.LocalId);
            return await store.ForgetSealedAsync(entry.LocalId, RejectionReason.CreatedTooLongAgo.ToString(), cancellationToken).ConfigureAwait(false)
                && await SendAsync(entry with { Envelope = null }, cancellationToken, renumbered).ConfigureAwait(false);
        }
        catch (RpcException error) when (HubRejections.Read(error) is { Reason: RejectionReason.SequenceReused } reused)
        {
            return await RenumberAsync(entry, reused, renumbered, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException error) when (!HubRejections.IsRetriable(error, HubRejections.Read(error)))
        {
            var detail = HubRejections.Read(error);
            var reason = detail?.Reason.ToString() ?? error.StatusCode.ToString();
            var text = detail is null ? error.Status.Detail : $"{detail.Detail} (hub correlation id {detail.CorrelationId})";
            await RejectAsync(entry, reason, detail?.Reason == RejectionReason.Replay ? ReplayText(text) : text, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var receipt = VerifyReceipt(response.Receipt, entry.MessageId, envelope);
        await store.MarkAcceptedAsync(entry.LocalId, response.Receipt.ToByteArray(), (long)receipt.HubSequence, cancellationToken).ConfigureAwait(false);
        HubLinkLog.Accepted(logger, entry.LocalId, receipt.HubSequence);
        return false;
    }

    /// <summary>
    /// The hub already holds this message's number from this NCB, and not this message (it looks for the message id first).
    /// This node was probably restored from a backup: it is numbered again above the hub's highest, with every queued
    /// message never sealed that would be refused the same way (<see cref="OutboxRenumbering"/>), then sealed again and
    /// submitted. Ends refused as before when the hub names no highest (a release before it did), or one below this
    /// message's number: a message numbered again above the hub's highest and refused once more with no higher one would
    /// be numbered again for ever. And when it was numbered again in this attempt already: its new number was above all
    /// the hub held from this NCB a moment before, so a hub that holds it now got it from elsewhere (another node with this
    /// NCB's credentials), or names ever higher numbers; either would have this node number it again without end.
    /// </summary>
    private async Task<bool> RenumberAsync(OutboxEntry entry, RejectionDetail reused, bool renumbered, CancellationToken cancellationToken)
    {
        var hubText = $"{reused.Detail} (hub correlation id {reused.CorrelationId})";
        var highest = reused.HighestAcceptedSequence;
        var problem = highest == 0
            ? "the hub does not say the highest number it accepted from this NCB (a release before it did), so this node cannot number it again by itself: send the message again"
            : highest < (ulong)entry.Sequence
            ? $"the hub names {highest} as the highest number it accepted from this NCB, below this message's {entry.Sequence} that it says it holds: not numbered again"
            : highest > MaxHubSequence
            ? $"the hub names {highest} as the highest number it accepted from this NCB, beyond any this node numbers with: not numbered again"
            : renumbered
            ? $"refused again once numbered again as {entry.Sequence}, above the highest the hub held from this NCB a moment before: the hub now names {highest}, so "
              + "another node may be sending with this NCB's credentials (rule that out before sending it again): not numbered again"
            : null;
        if (problem is not null)
        {
            await RejectAsync(entry, nameof(RejectionReason.SequenceReused), $"{hubText}; {problem}", cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (await store.RenumberAsync(entry.LocalId, (long)highest, cancellationToken).ConfigureAwait(false) is not { } numbered)
        {
            return false;
        }

        HubLinkLog.Renumbered(logger, entry.LocalId, entry.Sequence, numbered.Sequence, highest, numbered.Count);
        await SendAsync(entry with { Envelope = null, MatchingTokens = null, Sequence = numbered.Sequence }, cancellationToken, renumbered: true).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The highest number of the hub's this node numbers above: far below long.MaxValue, so that the queue fits above it and
    /// a hub naming an absurd number cannot push this node's count to where the hub refuses every message (SequenceJump).
    /// </summary>
    private const ulong MaxHubSequence = long.MaxValue / 2;

    /// <summary>
    /// A REPLAY of a message of this node's: the hub holds another envelope under its id from this NCB. Replay protection
    /// stands (the message is not sent again under another id: its recipients may hold the first one); the officer is told
    /// the likely cause, which the hub cannot know.
    /// </summary>
    private static string ReplayText(string hubText) =>
        $"{hubText}; the hub holds another sealing of this message from this NCB: most likely this node was restored from a backup taken " +
        "after the message was queued and before it was sealed, and the hub accepted it from this node after that backup (its recipients then " +
        "hold it; the General Secretariat can confirm), else another node runs with this NCB's credentials. Not sent again";

    private async Task<SubmitResponse> SubmitAsync(long localId, Sealed sealedMessage, CancellationToken cancellationToken)
    {
        var client = hub.Client;
        // The kept tokens are the SubmitRequest's other fields, serialized at sealing: the envelope goes in beside them.
        var request = sealedMessage.MatchingTokens is { } tokens ? SubmitRequest.Parser.ParseFrom(tokens) : new SubmitRequest();
        // Wrapped, not copied: the envelope array is never written after sealing (it is what was kept, byte for byte,
        // and every retry sends it again), so the ByteString's immutability holds without a copy of ≈ 6 KB per attempt.
        request.Envelope = UnsafeByteOperations.UnsafeWrap(sealedMessage.Envelope);
        try
        {
            return await client.SubmitAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException error) when (HubRejections.IsRetriable(error, HubRejections.Read(error)))
        {
            var detail = HubRejections.Read(error);
            HubLinkLog.SubmitRetry(logger, localId, error.StatusCode, detail?.Reason.ToString() ?? "none");

            hub.ResetAfter(client, error, detail);
            throw;
        }
        catch (ObjectDisposedException error) when (!cancellationToken.IsCancellationRequested)
        {
            HubLinkLog.SubmitRetry(logger, localId, StatusCode.Unavailable, "channel closed");
            throw HubConnection.ChannelClosed(error);
        }
    }

    /// <summary>
    /// Seals and keeps the envelope with its tokens; null when the message can never be sealed (then it is rejected locally)
    /// or is no longer queued (cancelled or purged meanwhile).
    /// </summary>
    private async Task<Sealed?> SealAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        // The delivery lifetime runs from when the message was queued, not from each (re)sealing, so a message held
        // through a long outage is not passed off as fresh; once it is over the message is refused here, visibly.
        var lifetime = DateTimeOffset.FromUnixTimeMilliseconds(entry.CreatedAtMs) + DeliveryLifetime - time.GetUtcNow();
        if (lifetime <= TimeSpan.Zero)
        {
            await RejectAsync(entry, LocalReasons.LifetimeOver,
                $"queued {DateTimeOffset.FromUnixTimeMilliseconds(entry.CreatedAtMs):O}; its {DeliveryLifetime.TotalDays}-day delivery lifetime ended before the hub accepted it",
                cancellationToken).ConfigureAwait(false);
            return null;
        }

        IReadOnlyList<CertifiedKey> recipients;
        try
        {
            recipients = await directory.RecipientKeysAsync(entry.Addressees, cancellationToken).ConfigureAwait(false);
        }
        catch (RecipientNotActiveException error)
        {
            await RejectAsync(entry, LocalReasons.RecipientNotActive, error.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var lineage = await LineageAsync(entry, cancellationToken).ConfigureAwait(false);
        if (lineage.Problem is { } notCurrent)
        {
            await RejectAsync(entry, LocalReasons.NotSealable, notCurrent, cancellationToken).ConfigureAwait(false);
            return null;
        }

        Sealed sealedMessage;
        try
        {
            sealedMessage = await SealForAsync(entry, recipients, lifetime, lineage.Lineage, cancellationToken).ConfigureAwait(false);
        }
        catch (RecipientNotActiveException error)
        {
            await RejectAsync(entry, LocalReasons.RecipientNotActive, error.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (error is ArgumentException or InvalidProtocolBufferException)
        {
            await RejectAsync(entry, LocalReasons.NotSealable, error.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }

        try
        {
            await store.RecordSealedAsync(entry.LocalId, sealedMessage.Envelope, sealedMessage.MatchingTokens, cancellationToken).ConfigureAwait(false);
        }
        catch (OutboxNotQueuedException)
        {
            // Cancelled ('hst-node cancel') or purged since this pass read it: keeping the envelope is the claim before
            // the first submit, and it was refused, so the hub never sees this message (the cancel or purge is audited).
            return null;
        }

        return sealedMessage;
    }

    private async Task<Sealed> SealForAsync(
        OutboxEntry entry, IReadOnlyList<CertifiedKey> recipients, TimeSpan lifetime, Lineage? lineage, CancellationToken cancellationToken)
    {
        var message = HstMessage.Parser.ParseFrom(entry.Plaintext);
        if (message.Handling?.HubMayRead == true)
        {
            // The hub is in the member directory like a member, its encryption key certified by the same root.
            var hubKey = hubEncryptionKey
                ?? (await directory.RecipientKeysAsync([PartyId.Hub.Uri], cancellationToken).ConfigureAwait(false))[0];
            recipients = [.. recipients, hubKey];
        }

        if (!MessageIds.IsValid(entry.MessageId))
        {
            throw new ArgumentException("The outbox message id is not a UUIDv7.");
        }

        // Each member recipient's own count of messages from this node (the hub, if it may read, gets the sequence).
        var members = new List<string>(recipients.Count);
        foreach (var recipient in recipients)
        {
            if (!recipient.Party.IsHub)
            {
                members.Add(recipient.Party.Uri);
            }
        }

        var recipientSequences = await store.NextRecipientSequencesAsync(members, cancellationToken).ConfigureAwait(false);
        var sealer = new EnvelopeSealer(time, directory.Policy());
        var sealedEnvelope = sealer.Seal(message, me, recipients, new SealOptions
        {
            Sequence = (ulong)entry.Sequence, RecipientSequences = recipientSequences, MessageId = entry.MessageId, Lifetime = lifetime,
            Lineage = lineage,
        });
        return new Sealed(EnvelopeArray(sealedEnvelope), Tokens(entry.LocalId, message)?.ToByteArray());
    }

    /// <summary>
    /// The sealed envelope's bytes as an array without a copy when they already are one whole array (the sealer's
    /// serialization, which nothing else holds or writes to); a copy otherwise.
    /// </summary>
    private static byte[] EnvelopeArray(SealedEnvelope sealedEnvelope) =>
        MemoryMarshal.TryGetArray(sealedEnvelope.Bytes, out var segment) && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length
            ? array
            : sealedEnvelope.Bytes.ToArray();

    /// <summary>
    /// An update's signed lineage (docs/lifecycle.md §2), bound to the header the hub holds for the version it supersedes:
    /// that version's kept envelope, final by now (the outbox seals in queue order, after every earlier message was
    /// accepted or refused). A superseded version the hub refused or that was purged cannot be superseded: the update is refused here.
    /// </summary>
    private async Task<(Lineage? Lineage, string? Problem)> LineageAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Lifecycle.SupersedesMessageId is not { } supersedes)
        {
            return (null, null);
        }

        var old = await store.GetOutboxByMessageIdAsync(supersedes, cancellationToken).ConfigureAwait(false);
        if (old is not { State: OutboxState.Accepted, Envelope: { } envelope })
        {
            return (null, $"the version it supersedes ({MessageIds.Format(supersedes)}) was not accepted by the hub or is purged: there is nothing to update");
        }

        return (new Lineage
        {
            SupersedesMessageId = ByteString.CopyFrom(supersedes),
            SupersedesHeaderSha256 = ByteString.CopyFrom(SHA256.HashData(Envelope.Parser.ParseFrom(envelope).Header.Span)),
            Version = (uint)entry.Lifecycle.Version,
            Reason = entry.Lifecycle.LineageReason ?? string.Empty,
        }, null);
    }

    /// <summary>
    /// The message's blind tokens, if it carries any. They add matching, the message does not depend on them: an
    /// identifier the extraction trips over must not hold the outbox (a failing pass stops every later message), so
    /// the message then leaves without tokens and the log says so.
    /// </summary>
    private SubmitRequest? Tokens(long localId, HstMessage message)
    {
        try
        {
            return blindTokens?.For(message);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            IntelligenceLog.TokensFailed(logger, error, localId);
            return null;
        }
    }

    /// <summary>
    /// What is kept and submitted for one message: the envelope and, for a direct exchange, its tokens (a serialized
    /// SubmitRequest holding only matching_tokens and matching_tokens_other_keys).
    /// </summary>
    private sealed record Sealed(byte[] Envelope, byte[]? MatchingTokens);

    private AcceptanceReceipt VerifyReceipt(SignedStatement signed, byte[] messageId, byte[] envelope)
    {
        var verified = SignedStatements.Verify(signed, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, trust, r => r.AcceptedAtMs);
        if (!verified.IsSuccess)
        {
            // Kept sealed and queued: the next pass submits the same envelope and the hub answers the repeat with this receipt.
            TrustFreshness.ThrowIfStale(trust);
        }

        if (!verified.IsSuccess || !verified.Value.Signer.Party.IsHub)
        {
            throw new InvalidReceiptException("The acceptance receipt is not hub-signed: " + verified.Rejection?.Detail);
        }

        var receipt = verified.Value.Statement;
        if (!receipt.MessageId.Span.SequenceEqual(messageId) || receipt.Sender != me.Party.Uri
            || !receipt.EnvelopeSha256.Span.SequenceEqual(SHA256.HashData(envelope)) || receipt.HubSequence is 0 or > long.MaxValue)
        {
            throw new InvalidReceiptException("The acceptance receipt names another message, sender or envelope digest.");
        }

        return receipt;
    }

    /// <summary>Why this node's signing certificate is revoked now by the CRL it holds (re-read while running), or null.</summary>
    private string? RevokedSigningKey()
    {
        var check = trust.Validate(me.Signing.CertificateDer.Span, CertificatePurpose.MessageSigning, time.GetUtcNow());
        return check.Problem == CertificateProblem.Revoked
            ? $"this NCB's signing certificate (serial {me.Signing.SerialNumber}) is revoked by the federation CRL: nothing more is signed or sent with it " +
              $"(a revoked member comes back only with new certificates). {check.Detail}"
            : null;
    }

    private async Task RejectAsync(OutboxEntry entry, string reason, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await store.MarkRejectedAsync(entry.LocalId, reason, detail, cancellationToken).ConfigureAwait(false);
        }
        catch (OutboxNotQueuedException)
        {
            // Cancelled ('hst-node cancel') or purged at its retention date since this pass read it: it already ended
            // refused for that reason (audited), and nothing was sent. Not the sender's failure: go on with the next message.
            HubLinkLog.StoppedBeforeRefusal(logger, entry.LocalId, reason);
            return;
        }

        HubLinkLog.Rejected(logger, entry.LocalId, reason);
        if (ClockRefusals.Contains(reason))
        {
            // Not this message's fault but the server's clock: every later message will fare the same (THREATS 22).
            HubLinkLog.RefusedForTime(logger, entry.LocalId, reason);
        }
    }
}
