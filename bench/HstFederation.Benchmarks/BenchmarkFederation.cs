using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Pki;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Benchmarks;

/// <summary>
/// The federation every envelope benchmark uses, built once per process: the sender (FR) and 195
/// other members, a fake clock fixed at the message time, and a realistic HST message padded to
/// 4096 serialized bytes, addressed to all members with <c>hub_may_read = false</c>.
/// </summary>
public sealed class BenchmarkFederation
{
    public const string SenderCode = "FR";

    public const int MemberCount = 195;

    public const int MessageBytes = 4096;

    /// <summary>The fixed "now" of the fake clock, the PKI and the message.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly Lazy<BenchmarkFederation> Shared = new(() => new BenchmarkFederation(), LazyThreadSafetyMode.ExecutionAndPublication);

    private BenchmarkFederation()
    {
        Time = new FakeTimeProvider(Now);
        MemberCodes = CountryCodes.All.Where(c => c != SenderCode).Order(StringComparer.Ordinal).Take(MemberCount).ToArray();
        Pki = TestPki.Create(Time, [SenderCode, .. MemberCodes]);
        Sender = Pki.Member(SenderCode);
        Recipients = MemberCodes.Select(c => Pki.Member(c)).ToArray();
        Message = PaddedMessage(Now);
        Sealer = new EnvelopeSealer(Time, HandlingPolicy.WithoutRegions);
        Verifier = new EnvelopeVerifier(Pki.Trust, HandlingPolicy.WithoutRegions);
        Opener = new EnvelopeOpener(Verifier);
    }

    public static BenchmarkFederation Instance => Shared.Value;

    public FakeTimeProvider Time { get; }

    public TestPki Pki { get; }

    public IReadOnlyList<string> MemberCodes { get; }

    public PartyCredentials Sender { get; }

    /// <summary>The 195 members other than the sender, in code order.</summary>
    public IReadOnlyList<PartyCredentials> Recipients { get; }

    public HstMessage Message { get; }

    public EnvelopeSealer Sealer { get; }

    public EnvelopeVerifier Verifier { get; }

    public EnvelopeOpener Opener { get; }

    public IReadOnlyList<CertifiedKey> RecipientKeys(int count) => Recipients.Take(count).Select(r => r.Encryption).ToArray();

    public SealedEnvelope Seal(int recipientCount) =>
        Sealer.Seal(Message, Sender, RecipientKeys(recipientCount), new SealOptions { Sequence = 1 });

    /// <summary>
    /// <see cref="SampleMessages.Realistic"/>, addressed to <paramref name="addressees"/> (all members unless
    /// given) without the hub, with <c>case.summary</c> padded so that the serialized message is exactly
    /// <see cref="MessageBytes"/>.
    /// </summary>
    public static HstMessage PaddedMessage(DateTimeOffset now, Addressees? addressees = null)
    {
        var message = SampleMessages.Realistic(now);
        message.Handling.Addressees = addressees ?? new Addressees { AllMembers = true };
        message.Handling.HubMayRead = false;
        const string Filler = " Further surveillance reports on the Zuwara departures and the Turin facilitator are pending.";
        var summary = message.Case.Summary;
        var padding = 0;
        while (message.CalculateSize() < MessageBytes)
        {
            padding++;
            message.Case.Summary = summary + string.Concat(Enumerable.Repeat(Filler, (padding / Filler.Length) + 1))[..padding];
        }

        if (message.CalculateSize() != MessageBytes)
        {
            throw new InvalidOperationException($"The sample message serializes to {message.CalculateSize()} bytes, not {MessageBytes}.");
        }

        return message;
    }
}
