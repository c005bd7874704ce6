using Google.Protobuf;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Directory;

/// <summary>
/// GetAuditHead: the audit chain's head signed by the hub, read and signed again once <see cref="HubOptions.AuditHeadInterval"/>
/// has passed. Members record each new head in their own audit logs: the hub's chain has no secret, so a history rewritten
/// at the hub, every hash recomputed, is found by checking it against heads held out of the hub's reach
/// (`hst-hub verify-audit --recorded-head`).
/// </summary>
internal sealed class AuditHeadPublisher(HubStore store, HubCredentials credentials, HubOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Published? _cached;

    public Task<SignedStatement> CurrentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // One head per interval for everyone, so that the members' records of the hub's chain agree.
            var now = time.GetUtcNow();
            if (_cached is { } cached && now - cached.IssuedAt < options.AuditHeadInterval && now >= cached.IssuedAt)
            {
                return Task.FromResult(cached.Signed);
            }

            var (entries, hash) = store.ReadAuditHead();
            var head = new AuditHead
            {
                Version = ProtocolVersions.Current,
                Entries = (ulong)entries,
                Hash = ByteString.CopyFrom(hash),
                IssuedAtMs = now.ToUnixTimeMilliseconds(),
            };
            var signed = SignedStatements.Sign(head, StatementKind.AuditHead, credentials.Party);
            _cached = new Published(now, signed);
            return Task.FromResult(signed);
        }
    }

    private sealed record Published(DateTimeOffset IssuedAt, SignedStatement Signed);
}
