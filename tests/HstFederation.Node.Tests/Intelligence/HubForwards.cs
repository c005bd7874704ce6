using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>What the hub does on a release, done here with the Protocol library: the source's consent, the hub's forward record.</summary>
internal static class HubForwards
{
    /// <summary>
    /// <paramref name="envelope"/> (which names the hub as a reader) forwarded by the hub to member <paramref name="to"/>, with
    /// <paramref name="source"/>'s signed consent for exactly that member.
    /// </summary>
    public static byte[] Forward(TestHub hub, byte[] envelope, PartyCredentials source, string to)
    {
        var verifier = new EnvelopeVerifier(hub.Trust, HandlingPolicy.WithoutRegions);
        var hubCredentials = hub.HubCredentials;
        var opened = new EnvelopeOpener(verifier).Open(envelope, hubCredentials);
        Assert.True(opened.IsSuccess, opened.Rejection?.Detail);
        var consent = ForwardConsents.Grant(
            opened.Value.Verified.MessageId.Span, opened.Value.Verified.HeaderSha256.Span, [PartyId.Member(to)], source, hub.Time.GetUtcNow());
        var forwarded = new EnvelopeForwarder(verifier, hub.Time).Forward(opened.Value, hubCredentials, [hub.Credentials(to).Encryption], consent);
        Assert.True(forwarded.IsSuccess, forwarded.Rejection?.Detail);
        return forwarded.Value.Bytes.ToArray();
    }
}
