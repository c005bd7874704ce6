using HstFederation.Protocol.Envelope;

namespace HstFederation.Protocol.Transport;

/// <summary>
/// The largest gRPC message the hub sends: a Delivery is its envelope (up to the envelope limit, which the hub accepts)
/// plus a cursor and field prefixes. Hub and node both use this number: a node reading less than the hub may send
/// would fail the same Delivery on every resubscription and never see anything queued behind it (THREATS 16, 30).
/// </summary>
public static class HubMessageLimits
{
    public static int MaxResponseBytes { get; } = EnvelopeLimits.Default.MaxEnvelopeBytes + 4096;
}
