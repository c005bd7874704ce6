using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A ledger look-up by message id: the <see cref="Ledger"/> when exactly one message matched; otherwise the sources that
/// hold a message with that id (none: unknown; several: ambiguous, since ids are unique per sender only).
/// </summary>
internal sealed record LedgerLookup(MessageLedger? Ledger, IReadOnlyList<PartyId> Senders)
{
    public bool IsUnknown => Ledger is null && Senders.Count == 0;

    public bool IsAmbiguous => Ledger is null && Senders.Count > 1;
}
