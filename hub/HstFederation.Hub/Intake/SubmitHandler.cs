using HstFederation.Hub.Directory;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Telemetry;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intake;

/// <summary>
/// Submit: every check happens before anything is stored (ARCHITECTURE §4); the envelope and one
/// delivery row per member recipient commit in one transaction, and only then is the signed receipt
/// returned. Every refusal is audited with its reason.
/// </summary>
internal sealed class SubmitHandler(
    HubStore store, MemberRegistry registry, SubmitRateLimiter rate, HubMetrics metrics, HubCredentials credentials, HubOptions options, TimeProvider time)
{
    /// <param name="authorizeNew">
    /// Refuses a caller that may not submit anything new (only an active member may): the RPC policy lets a suspended
    /// member reach Submit for the original receipt of an envelope it sent while active, and nothing else.
    /// </param>
    public async Task<SubmitResponse> SubmitAsync(CallerIdentity caller, SubmitRequest request, Func<Task> authorizeNew, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        try
        {
            rate.Take(caller.Party);
            using var slot = rate.Enter(caller.Party);
            var response = await AcceptAsync(caller, request, authorizeNew, cancellationToken);
            metrics.Accepted(response.Duplicate);
            return response;
        }
        catch (HubRejectionException rejection)
        {
            metrics.Rejected(rejection.Reason);
            throw;
        }
        finally
        {
            metrics.SubmitCompleted(time.GetElapsedTime(start));
        }
    }

    private async Task<SubmitResponse> AcceptAsync(CallerIdentity caller, SubmitRequest request, Func<Task> authorizeNew, CancellationToken cancellationToken)
    {
        var verifier = new EnvelopeVerifier(credentials.Trust, await registry.PolicyAsync(cancellationToken));
        var result = verifier.VerifyStored(request.Envelope.Memory);
        if (result.IsSuccess && result.Value!.SenderParty == caller.Party && await OriginalReceiptAsync(caller, result.Value, cancellationToken) is { } original)
        {
            return original;
        }

        await authorizeNew();
        var verified = await VerifyAsync(caller, verifier, result);
        var header = verified.Header;
        var messageId = header.MessageId.ToByteArray();
        var recipients = await AdmitAsync(caller, verified, cancellationToken);
        var tokens = await CheckTokensAsync(caller, verified, request);
        if (header.Sequence > long.MaxValue)
        {
            await RefuseAsync(caller, messageId, new Rejection(RejectionReason.SequenceJump, "the sequence number is beyond any the hub accepts"));
        }

        var signed = new SubmittedHeader(header, verified.HeaderSha256.ToArray(), await registry.PolicyAsync(cancellationToken));
        var submission = Submission.Create(
            caller.Party, messageId, (long)header.Sequence, header.CreatedAtMs, header.ExpiresAtMs, verified.Bytes.ToArray(), recipients)
            with { Tokens = tokens, Signed = signed, Certificate = caller.Certificate };
        var outcome = await store.AcceptAsync(submission, (hubSequence, acceptedAtMs) => AcceptanceReceipts.Sign(header, verified.Bytes.Span, recipients, hubSequence, acceptedAtMs, credentials.Party), cancellationToken);
        if (outcome.Status == AcceptStatus.Rejected)
        {
            // Audited in the transaction that refused it (once: the entry is what stats and the ledger count).
            var text = outcome.Detail ?? RejectionText(outcome.Reason, outcome.HighestAcceptedSequence);
            throw outcome.Reason == RejectionReason.SequenceReused
                ? HubRejectionException.SequenceReused(text, outcome.HighestAcceptedSequence)
                : HubRejectionException.From(new Rejection(outcome.Reason, text));
        }

        return outcome.ToResponse();
    }

    /// <summary>
    /// A retry after a lost response — this caller's envelope, byte for byte one the hub accepted — gets the original
    /// receipt, whatever has changed since: the clock (it may have expired), the regions its handling names, the
    /// recipients' or the caller's own status (suspended since). The hub judged those when it accepted the envelope, and
    /// its recipients receive it; refusing the retry now would make the sender's node mark it refused. Of the retry the
    /// hub asks only what does not change with the day (<see cref="EnvelopeVerifier.VerifyStored"/>: signatures, the
    /// certificates at their signing time) and the transport identity. Null when it is not such a retry. Audited
    /// <c>duplicate</c> through the writer before it is answered, as a copy the accepting transaction finds stored is: the
    /// log names every retry and the certificate it came through, whichever check answered it.
    /// </summary>
    private async Task<SubmitResponse?> OriginalReceiptAsync(CallerIdentity caller, VerifiedEnvelope verified, CancellationToken cancellationToken)
    {
        var messageId = verified.Header.MessageId.ToByteArray();
        if (await store.FindAcceptedAsync(caller.Party, messageId, cancellationToken) is not { } stored
            || !stored.EnvelopeSha256.AsSpan().SequenceEqual(System.Security.Cryptography.SHA256.HashData(verified.Bytes.Span)))
        {
            return null;
        }

        await store.RecordDuplicateAsync(caller.Party, messageId, stored.HubSequence, caller.Certificate, cancellationToken);
        return new SubmitResponse { Receipt = SignedStatement.Parser.ParseFrom(stored.Receipt), Duplicate = true };
    }

    /// <summary>The rest of the envelope checks for a new envelope: transport identity, then what depends on today.</summary>
    private async Task<VerifiedEnvelope> VerifyAsync(CallerIdentity caller, EnvelopeVerifier verifier, EnvelopeResult<VerifiedEnvelope> stored)
    {
        if (!stored.IsSuccess)
        {
            await RefuseAsync(caller, null, stored.Rejection);
        }

        var verified = stored.Value!;
        if (verified.SenderParty != caller.Party)
        {
            await RefuseAsync(caller, verified.Header.MessageId.ToByteArray(), new Rejection(RejectionReason.TransportIdentityMismatch, $"the envelope is signed by {verified.SenderParty}, the connection is {caller}"));
        }

        if (verifier.CheckCurrent(verified) is { } rejection)
        {
            await RefuseAsync(caller, null, rejection);
        }

        return verified;
    }

    /// <summary>Checks that depend on the hub's current state, for a new envelope; returns the member recipients.</summary>
    private async Task<List<PartyId>> AdmitAsync(CallerIdentity caller, VerifiedEnvelope verified, CancellationToken cancellationToken)
    {
        var header = verified.Header;
        var messageId = header.MessageId.ToByteArray();
        if (DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs) < time.GetUtcNow() - options.SubmitWindow)
        {
            await RefuseAsync(caller, messageId, new Rejection(RejectionReason.CreatedTooLongAgo, $"created more than {options.SubmitWindow} ago"));
        }

        var directory = await registry.DirectoryAsync(cancellationToken);
        var recipients = verified.Audience.Select(r => PartyId.Parse(r.Party)).Where(p => !p.IsHub).ToList();
        foreach (var recipient in recipients)
        {
            var member = directory.Find(recipient);
            if (member is not { IsActive: true })
            {
                // One reason for every member that is not active (the wire's enum), the state in the detail: a sender's
                // officer reads "suspended" as "wait for the General Secretariat", "not enrolled" as "wrong addressee".
                var state = member?.Status switch
                {
                    null => "not enrolled at the hub",
                    MemberStatus.Suspended => "suspended at the hub (it may be reinstated; send again then)",
                    MemberStatus.Revoked => "revoked at the hub",
                    var other => $"{other} at the hub",
                };
                await RefuseAsync(caller, messageId, new Rejection(RejectionReason.RecipientNotEnrolled, $"{recipient} is not an active member: {state}"));
            }
        }

        return recipients;
    }

    /// <summary>
    /// Blind tokens (docs/intelligence.md §5) only with an envelope the hub may not read — for one it reads, the hub
    /// matches the content itself, and tokens would only let a member test guesses through the hub — and well-formed.
    /// Returns every key's tokens, the current key first; none when the request has none.
    /// </summary>
    private async Task<IReadOnlyList<MatchingTokens>> CheckTokensAsync(CallerIdentity caller, VerifiedEnvelope verified, SubmitRequest request)
    {
        if (request.MatchingTokens is null && request.MatchingTokensOtherKeys.Count == 0)
        {
            return [];
        }

        var problem = verified.Header.Handling.HubMayRead
            ? "matching tokens are only for envelopes the hub may not read"
            : MatchingTokenRules.Problem(request.MatchingTokens, request.MatchingTokensOtherKeys, options.Intelligence.MatchingKeyIds);
        if (problem is not null)
        {
            await RefuseAsync(caller, verified.Header.MessageId.ToByteArray(), new Rejection(RejectionReason.MatchingTokensInvalid, problem));
        }

        return [request.MatchingTokens!, .. request.MatchingTokensOtherKeys];
    }

    /// <summary>
    /// Audits the refusal, then throws it; nothing of the envelope has been stored. The audit write is
    /// not cancelled with the call: a client that hangs up still leaves its refusal on record.
    /// </summary>
    private async Task RefuseAsync(CallerIdentity caller, byte[]? messageId, Rejection rejection)
    {
        await store.RecordRejectionAsync(caller.Uri, messageId, rejection.Reason, caller.Certificate, CancellationToken.None);
        throw HubRejectionException.From(rejection);
    }

    private static string RejectionText(RejectionReason reason, long highestAccepted) => reason switch
    {
        RejectionReason.Replay => "this message id was already accepted with different content",
        // The usual cause in operation is a node restored from a backup. A node of this release renumbers above the highest
        // accepted number by itself; the officer of an older one reads only this text.
        RejectionReason.SequenceReused => "this sequence number was already used by another message of this sender, the highest accepted from it being "
            + highestAccepted.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + " (a node restored from a backup numbers again what it sent after that backup): send the message again, it takes the next number",
        RejectionReason.SequenceJump => "the sequence number jumps too far ahead of the last accepted one",
        _ => reason.ToString(),
    };
}
