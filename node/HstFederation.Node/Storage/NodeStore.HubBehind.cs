using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// The hub refused this node's subscription because its cursor is beyond every cursor the hub assigned (its database
    /// was put back from a backup without `hst-hub restore`): an open <see cref="SequenceAlarm.HubBehindCursor"/> alarm, with
    /// the cursor as both Expected and Received, and its audit entry, unless one is open already (the link retries, and one
    /// alarm per event is what an operator resolves). The cursor itself is left as it is. Returns whether an alarm was raised.
    /// </summary>
    public Task<bool> RaiseHubBehindCursorAsync(long cursor, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(
            context =>
            {
                var connection = context.Connection;
                if (connection.Scalar("SELECT 1 FROM alarms WHERE kind = $kind AND resolved_at_ms IS NULL;", ("$kind", SequenceAlarm.HubBehindCursor)) is not null)
                {
                    return false;
                }

                connection.Execute(
                    "INSERT INTO alarms (kind, sender, expected, received, raised_at_ms) VALUES ($kind, $hub, $cursor, $cursor, $now);",
                    ("$kind", SequenceAlarm.HubBehindCursor), ("$hub", PartyId.Hub.Uri), ("$cursor", cursor), ("$now", context.NowMs));
                NodeAudit.Append(connection, context.NowMs, PartyId.Hub.Uri, NodeAuditActions.SequenceAlarm, null,
                    string.Create(CultureInfo.InvariantCulture, $"{SequenceAlarm.HubBehindCursor} cursor={cursor}"));
                return true;
            },
            cancellationToken);
}
