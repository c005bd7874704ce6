using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>An accepted message as stored: its hub sequence, source, id and the canonical envelope bytes the source submitted.</summary>
internal sealed record StoredMessage(long HubSequence, PartyId Sender, byte[] MessageId, byte[] Envelope)
{
    /// <summary>
    /// The intelligence worker did not read the envelope: its handling (from its lifecycle row) does not let the hub read
    /// it and it came with no blind tokens, so there is nothing to match (<see cref="Envelope"/> is empty).
    /// </summary>
    public bool NothingToMatch { get; init; }
}
