using System.Text;
using HstFederation.DevPki;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Testing.Crypto;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.TestVectors;

/// <summary>The fixed federation and clock every vector is made and checked with.</summary>
public sealed class VectorWorld
{
    public const string Seed = "hst-test-vectors-v1";
    public static readonly DateTimeOffset IssuedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CreatedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset VerifyAt = CreatedAt + TimeSpan.FromMinutes(10);
    public static readonly string[] Members = ["FR", "DE", "IT", "ES"];

    public VectorWorld()
    {
        Pki = DevelopmentPki.Create(Encoding.ASCII.GetBytes(Seed), IssuedAt, TimeSpan.FromDays(3650));
        Federation = DevelopmentFederation.Create(Pki, Members, TimeSpan.FromDays(3650));
        Time = new FakeTimeProvider(VerifyAt);
        Trust = Federation.CreateTrust(Time);
        Policy = HandlingPolicy.WithoutRegions;
    }

    public DevelopmentPki Pki { get; }

    public DevelopmentFederation Federation { get; }

    public FakeTimeProvider Time { get; }

    public FederationTrust Trust { get; }

    public HandlingPolicy Policy { get; }

    public IssuedParty Issued(string code) => code == PartyId.HubCode ? Federation.Hub : Federation.Members[code];

    public PartyCredentials Party(string code) => Issued(code).ToCredentials(Trust);

    public IReadOnlyList<CertifiedKey> Keys(params string[] codes) => codes.Select(c => Party(c).Encryption).ToList();

    public static DeterministicRandomSource Random(string vector) => new("vectors/" + vector);

    public EnvelopeOpener Opener() => new(new EnvelopeVerifier(Trust, Policy));
}
