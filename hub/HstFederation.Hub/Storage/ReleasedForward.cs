using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>A forwarded envelope to store for a release: <paramref name="Envelope"/> is the source's envelope plus the hub's forward record.</summary>
internal sealed record ReleasedForward(byte[] HitId, PartyId ReleasedBy, long HubSequence, byte[] MessageId, PartyId Recipient, byte[] Envelope)
{
    /// <summary>The consent's grant time, kept beside the envelope for the ledger; read here, on the caller's thread, not the writer's.</summary>
    public long? ConsentGrantedAtMs { get; } = ForwardConsentTimes.GrantedAtMs(Envelope);

    /// <summary>The serial of the TLS client certificate the release came through, on the releasing source's audit entries.</summary>
    public string? Certificate { get; init; }
}
