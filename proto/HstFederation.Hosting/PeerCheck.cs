namespace HstFederation.Hosting;

/// <summary>Whose a connection's client certificate is, for <see cref="ConnectionGate{TPeer}"/>: the peer, or why not.</summary>
public readonly record struct PeerCheck<TPeer>(bool IsAccepted, TPeer Peer, string Problem, string Detail)
    where TPeer : notnull
{
    public static PeerCheck<TPeer> Accept(TPeer peer) => new(true, peer, string.Empty, string.Empty);

    public static PeerCheck<TPeer> Refuse(string problem, string detail) => new(false, default!, problem, detail);
}
