using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>Sealing test envelopes between the members of a running <see cref="HubServer"/>.</summary>
internal static class Envelopes
{
    /// <param name="policy">The regions the sealer knows (none by default), for handling that addresses a region.</param>
    public static byte[] Seal(HubServer hub, string from, string[] to, ulong sequence = 1, Action<HstMessage>? edit = null, TimeProvider? clock = null, HandlingPolicy? policy = null)
    {
        var time = clock ?? TimeProvider.System;
        var now = time.GetUtcNow();
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees();
        message.Handling.Addressees.Members.AddRange(to.Where(c => c != PartyId.HubCode));
        message.Handling.HubMayRead = to.Contains(PartyId.HubCode);
        edit?.Invoke(message);
        var sealer = new EnvelopeSealer(time, policy ?? HandlingPolicy.WithoutRegions);
        var recipients = to.Select(code => hub.Credentials(code).Encryption).ToList();
        return sealer.Seal(message, hub.Credentials(from), recipients, new SealOptions { Sequence = sequence }).Bytes.ToArray();
    }

    public static EnvelopeOpener Opener(HubServer hub) => new(new EnvelopeVerifier(hub.Trust, HandlingPolicy.WithoutRegions));
}
