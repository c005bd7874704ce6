using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Pki;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>A throw-away federation with a fake clock and the envelope components wired to it.</summary>
internal sealed class EnvelopeWorld
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private EnvelopeWorld(TestPki pki, FakeTimeProvider time)
    {
        Pki = pki;
        Time = time;
        Policy = new HandlingPolicy(new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["EU-MED"] = ["IT", "ES", "GR", "MT", "FR"],
        });
        Sealer = new EnvelopeSealer(time, Policy);
        Verifier = new EnvelopeVerifier(pki.Trust, Policy);
        Opener = new EnvelopeOpener(Verifier);
        Forwarder = new EnvelopeForwarder(Verifier, time);
    }

    public TestPki Pki { get; }

    public FakeTimeProvider Time { get; }

    public HandlingPolicy Policy { get; }

    public EnvelopeSealer Sealer { get; }

    public EnvelopeVerifier Verifier { get; }

    public EnvelopeOpener Opener { get; }

    public EnvelopeForwarder Forwarder { get; }

    public static EnvelopeWorld Create(params string[] members)
    {
        var time = new FakeTimeProvider(Start);
        return new EnvelopeWorld(TestPki.Create(time, members), time);
    }

    /// <summary>"IPSG" is the hub, anything else a member code.</summary>
    public PartyCredentials Party(string code) => code == PartyId.HubCode ? Pki.Hub : Pki.Member(code);

    public IReadOnlyList<CertifiedKey> Keys(params string[] codes) => codes.Select(c => Party(c).Encryption).ToList();

    /// <summary>The realistic sample, addressed to exactly <paramref name="to"/> (the hub reads iff listed).</summary>
    public HstMessage Message(IEnumerable<string> to, HandlingCode code = HandlingCode.H1, Action<Handling>? edit = null)
    {
        var message = SampleMessages.Realistic(Time.GetUtcNow());
        var handling = message.Handling;
        handling.Code = code;
        handling.Addressees = new Addressees();
        handling.Addressees.Members.AddRange(to.Where(c => c != PartyId.HubCode));
        handling.HubMayRead = to.Contains(PartyId.HubCode);
        edit?.Invoke(handling);
        return message;
    }

    public SealedEnvelope Seal(string from, params string[] to) => Seal(Message(to), from, to);

    public SealedEnvelope Seal(HstMessage message, string from, params string[] to) =>
        Sealer.Seal(message, Party(from), Keys(to), new SealOptions { Sequence = 1 });

    public EnvelopeResult<OpenedEnvelope> Open(ReadOnlyMemory<byte> envelope, string who) => Opener.Open(envelope, Party(who));
}
