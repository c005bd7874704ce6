using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Who holds one message the hub accepted and what happened to each copy, read from the hub's own rows: the source,
/// each addressee's and each forwarded copy (<see cref="Copies"/>, in delivery order), the hub's own holding, and the
/// audit entries about the message. Never content: the handling is the signed header's, in clear for routing anyway.
/// <paramref name="Handling"/> is null if the stored header no longer parses (reported, not trusted).
/// </summary>
internal sealed partial record MessageLedger(
    PartyId Source,
    byte[] MessageId,
    long SourceSequence,
    long HubSequence,
    long CreatedAtMs,
    long ExpiresAtMs,
    long AcceptedAtMs,
    Handling? Handling,
    IReadOnlyList<LedgerCopy> Copies,
    LedgerHubCopy Hub,
    IReadOnlyList<LedgerAuditEntry> Audit)
{
    /// <summary>
    /// The serial of the TLS client certificate the source submitted the message through, as its <c>accept</c> entry names it:
    /// null for the hub's own messages (<c>send</c>) and for those accepted before the hub recorded certificates (migration 14).
    /// </summary>
    public string? SubmittedWith =>
        Audit.FirstOrDefault(entry => entry.Action == AuditActions.Accept && string.Equals(entry.Actor, Source.Uri, StringComparison.Ordinal))?.Certificate;
}
