using Grpc.Core;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Asks the hub for the head of its audit chain at every trust refresh and records each new one, as the hub signed it, in
/// this node's store and audit chain. The hub's chain has no secret: a history rewritten there, every hash recomputed, is
/// found by checking it against heads held out of the hub's reach, and every member holds them. A head that went back
/// (fewer entries, or as many with another hash) is said at once, as a Critical log line: the hub's history lost entries.
/// A hub that does not serve heads (an older release) is said once, and the node runs on without them.
/// </summary>
internal sealed class HubAuditWitness(HubConnection hub, NodeStore store, FederationTrust trust, ILogger<HubAuditWitness> logger)
{
    private bool _unsupportedSaid;

    public async Task RecordAsync(CancellationToken cancellationToken)
    {
        var client = hub.Client;
        SignedStatement signed;
        try
        {
            signed = await client.GetAuditHeadAsync(new GetAuditHeadRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Unimplemented)
        {
            if (!_unsupportedSaid)
            {
                _unsupportedSaid = true;
                HubLinkLog.AuditHeadsNotServed(logger);
            }

            return;
        }
        catch (RpcException error)
        {
            // The directory refresh beside it says when the hub is away; the next refresh asks again.
            hub.Reset(client);
            HubLinkLog.AuditHeadUnavailable(logger, error.StatusCode);
            return;
        }
        catch (ObjectDisposedException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another part of the node dropped the shared channel under this call (HubConnection.Reset): the next refresh asks again.
            HubLinkLog.AuditHeadUnavailable(logger, StatusCode.Unavailable);
            return;
        }

        var verified = SignedStatements.Verify(signed, StatementKind.AuditHead, AuditHead.Parser, trust, head => head.IssuedAtMs);
        if (!verified.IsSuccess || !verified.Value.Signer.Party.IsHub || verified.Value.Statement is not { Hash.Length: 32 } head
            || head.Version != ProtocolVersions.Current || head.Entries > long.MaxValue)
        {
            HubLinkLog.AuditHeadInvalid(logger, verified.IsSuccess ? "not a hub-signed head of 32 bytes in this protocol version" : verified.Reason.ToString());
            return;
        }

        bool recorded;
        HubAuditHeadRecord? wentBackFrom;
        try
        {
            (recorded, wentBackFrom) = await store.RecordHubAuditHeadAsync((long)head.Entries, head.Hash.ToByteArray(), head.IssuedAtMs, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (NodeStoreUnavailableException error)
        {
            // A full disk: the head is asked for again at the next refresh. Not a reason to stop the trust refresh it runs in.
            HubLinkLog.AuditHeadNotRecorded(logger, error);
            return;
        }

        if (wentBackFrom is not null)
        {
            HubLinkLog.AuditHeadWentBack(logger, (long)head.Entries, Convert.ToHexStringLower(head.Hash.Span), wentBackFrom.Head);
        }
        else if (recorded)
        {
            HubLinkLog.AuditHeadRecorded(logger, (long)head.Entries);
        }
    }
}
