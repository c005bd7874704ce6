using System.Security.Cryptography;
using Grpc.Core;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// Releases this NCB's message named by a hit to the hit's other source (docs/node.md, "Hits, releases and
/// products"): the node signs a forward consent for exactly that party over the header it sent (the envelope kept
/// in its outbox), and asks the hub over the hub link (Hub.Release), which checks the consent and the handling and
/// forwards the message with the source's signature intact. The only place a node consents to a forward, used by
/// `hst-node release` and the agency API's ReleaseHit. Every attempt is audited; a final outcome (released, or
/// refused with the hub's or the node's reason) is recorded on the hit in that same transaction.
/// </summary>
internal sealed class HitReleaser(NodeStore store, HubConnection hub, PartyCredentials me, TimeProvider time, ILogger logger)
{
    /// <summary>How long the hub has to answer before the attempt counts as unavailable (nothing recorded).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public Task<ReleaseOutcome> ReleaseAsync(HitEntry hit, string actor, CancellationToken cancellationToken) =>
        ReleaseAsync(hit, actor, null, cancellationToken);

    /// <param name="certificate">The serial of the client certificate an agency's call came through (audited with it); null for an operator.</param>
    public async Task<ReleaseOutcome> ReleaseAsync(HitEntry hit, string actor, string? certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hit);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var to = hit.OtherSender;
        if (!hit.Notification.Releasable)
        {
            return await RecordAsync(hit, actor, certificate, new ReleaseOutcome(ReleaseResult.Refused, to, Reason: ReleaseReasons.NotReleasable,
                Detail: "the hub's notification says it cannot forward this message (a direct exchange it may not read, or handling H3)"), cancellationToken)
                .ConfigureAwait(false);
        }

        var sent = (await store.FindByMessageIdAsync(hit.YourMessageId, cancellationToken).ConfigureAwait(false)).Outbox?.Entry;
        if (sent is not { State: OutboxState.Accepted, Envelope: { } envelope })
        {
            return await RecordAsync(hit, actor, certificate, new ReleaseOutcome(ReleaseResult.Refused, to, Reason: ReleaseReasons.NotSent,
                Detail: $"message {MessageIds.Format(hit.YourMessageId)} is not in this node's outbox as accepted by the hub"), cancellationToken)
                .ConfigureAwait(false);
        }

        // The consent binds the exact header this node signed and the hub holds: its SHA-256, over the transmitted bytes.
        var headerSha256 = SHA256.HashData(V1Envelope(envelope).Header.Span);
        var consent = ForwardConsents.Grant(hit.YourMessageId, headerSha256, [PartyId.Parse(to)], me, time.GetUtcNow());
        var outcome = await CallHubAsync(hit, to, consent, cancellationToken).ConfigureAwait(false);
        return await RecordAsync(hit, actor, certificate, outcome, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReleaseOutcome> CallHubAsync(HitEntry hit, string to, SignedConsent consent, CancellationToken cancellationToken)
    {
        var client = hub.Client;
        using var timeout = new CancellationTokenSource(CallTimeout, time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var response = await client.ReleaseAsync(new ReleaseRequest { HitId = hit.Notification.HitId, Consent = consent }, cancellationToken: call.Token)
                .ConfigureAwait(false);
            if (!response.MessageId.Span.SequenceEqual(hit.YourMessageId) || response.ReleasedTo != to)
            {
                return new ReleaseOutcome(ReleaseResult.Unavailable, to, Reason: ReleaseReasons.InvalidAnswer,
                    Detail: $"the hub answered for {Answered(response.MessageId.Span)} to '{response.ReleasedTo}': the release is not confirmed");
            }

            return new ReleaseOutcome(ReleaseResult.Released, to, response.Duplicate);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            var rejection = HubRejections.Read(error);
            var reason = rejection?.Reason.ToString() ?? error.StatusCode.ToString();
            var detail = rejection is null ? error.Status.Detail : $"{rejection.Detail} (hub correlation id {rejection.CorrelationId})";
            if (HubRejections.IsRetriable(error, rejection))
            {
                if (rejection is null)
                {
                    hub.Reset(client);
                }

                return new ReleaseOutcome(ReleaseResult.Unavailable, to, Reason: reason, Detail: detail);
            }

            return new ReleaseOutcome(ReleaseResult.Refused, to, Reason: reason, Detail: detail);
        }
        catch (Exception error) when (error is HttpRequestException or IOException or ObjectDisposedException
            || (error is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            hub.Reset(client);
            return new ReleaseOutcome(ReleaseResult.Unavailable, to, Reason: "Unavailable", Detail: "the hub could not be reached: " + error.Message);
        }
    }

    /// <summary>The message id the hub's answer names, which it may not even have sized as one (formatting that threw).</summary>
    private static string Answered(ReadOnlySpan<byte> messageId) => messageId.Length == MessageIds.Size
        ? "message " + MessageIds.Format(messageId)
        : $"a message_id of {messageId.Length} bytes, not a message id,";

    private async Task<ReleaseOutcome> RecordAsync(HitEntry hit, string actor, string? certificate, ReleaseOutcome outcome, CancellationToken cancellationToken)
    {
        var detail = AuditDetail(hit, outcome);
        IntelligenceLog.ReleaseAttempted(logger, IntelligenceIds.Format(hit.HitId), outcome.ReleasedTo, outcome.Result, outcome.Reason ?? "-");
        if (outcome.Result == ReleaseResult.Unavailable)
        {
            // Nothing is final: the hit keeps its state, the attempt stays on record.
            await store.AuditAsync(actor, Audit.NodeAuditActions.Release, hit.YourMessageId, detail, certificate, CancellationToken.None).ConfigureAwait(false);
            return outcome;
        }

        var release = outcome.Result == ReleaseResult.Released
            ? new HitRelease(ReleaseState.Released, null, actor, outcome.ReleasedTo, null, null)
            : new HitRelease(ReleaseState.Refused, null, actor, null, outcome.Reason, outcome.Detail ?? string.Empty);
        await store.RecordReleaseAsync(hit.Id, hit.YourMessageId, release, detail, certificate, CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    private static string AuditDetail(HitEntry hit, ReleaseOutcome outcome) =>
        $"hit={IntelligenceIds.Format(hit.HitId)} to={outcome.ReleasedTo} outcome={outcome.Result.ToString().ToLowerInvariant()}" +
        (outcome.Duplicate ? " duplicate" : string.Empty) + (outcome.Reason is { } reason ? " reason=" + reason : string.Empty);

    private static Protocol.V1.Envelope V1Envelope(byte[] bytes) => Protocol.V1.Envelope.Parser.ParseFrom(bytes);
}
