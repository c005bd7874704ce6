using System.Text.Json;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Testing;
using HstFederation.TestVectors;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Vectors;

/// <summary>
/// docs/test-vectors must be exactly what the generator makes, and every vector must give the
/// expected result when checked using only what the files contain (as an independent implementation would).
/// </summary>
public sealed class TestVectorTests
{
    private static readonly string VectorDirectory = Path.Combine(RepositoryRoot.Find(), "docs", "test-vectors");

    public static TheoryData<string> VectorFiles() =>
        [.. VectorSet.Generate().Select(f => f.Name).Where(n => n != "pki.json")];

    [Fact]
    public void Generate_Twice_IsByteIdentical()
    {
        var first = VectorSet.Generate();
        var second = VectorSet.Generate();

        Assert.Equal(first, second);
    }

    [Fact]
    public void CommittedVectors_MatchTheGenerator()
    {
        foreach (var (name, content) in VectorSet.Generate())
        {
            var path = Path.Combine(VectorDirectory, name);
            Assert.True(File.Exists(path), $"{name} is missing; run: dotnet run --project tests/HstFederation.TestVectors -- docs/test-vectors");
            Assert.True(content == File.ReadAllText(path), $"{name} differs from the generator's output; regenerate and review the diff");
        }
    }

    [Fact]
    public void InvalidVectors_CoverAtLeastEightDistinctReasons()
    {
        var reasons = Directory.GetFiles(Path.Combine(VectorDirectory, "invalid"), "*.json")
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("expect").EnumerateArray())
            .Select(e => e.GetProperty("result").GetString())
            .Distinct()
            .ToList();

        Assert.True(reasons.Count >= 8, $"only {reasons.Count} distinct reasons");
    }

    [Theory]
    [MemberData(nameof(VectorFiles))]
    public void Vector_CheckedFromItsFileAlone_GivesTheExpectedResult(string name)
    {
        var pki = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorDirectory, "pki.json"))).RootElement;
        var vector = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorDirectory, name))).RootElement;
        var time = new FakeTimeProvider(DateTimeOffset.Parse(vector.GetProperty("verify_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var rootDer = PemDer(pki.GetProperty("root_certificate_pem").GetString()!);
        var trust = new FederationTrust(rootDer, RevocationList.Parse(System.Text.Encoding.ASCII.GetBytes(pki.GetProperty("crl_pem").GetString()!), rootDer), time);
        var opener = new EnvelopeOpener(new EnvelopeVerifier(trust, HandlingPolicy.WithoutRegions));
        var envelope = Convert.FromHexString(vector.GetProperty("envelope").GetString()!);

        foreach (var expectation in vector.GetProperty("expect").EnumerateArray())
        {
            var party = expectation.GetProperty("party").GetString()!;
            var credentials = Credentials(pki.GetProperty("parties").GetProperty(party), trust);
            Assert.Equal(PartyId.Parse(party), credentials.Party);

            var result = opener.Open(envelope, credentials);

            var actual = result.IsSuccess ? "OPENED" : VectorJson.ReasonName(result.Reason);
            Assert.True(expectation.GetProperty("result").GetString() == actual, $"{name} for {party}: expected {expectation.GetProperty("result")}, got {actual} ({result.Rejection})");
        }
    }

    private static PartyCredentials Credentials(JsonElement party, FederationTrust trust)
    {
        var signing = trust.Validate(Hex(party, "signing_certificate_der"), CertificatePurpose.MessageSigning, trust.Time.GetUtcNow());
        var encryption = trust.Validate(Hex(party, "encryption_certificate_der"), CertificatePurpose.MessageEncryption, trust.Time.GetUtcNow());
        Assert.True(signing.IsValid, signing.Detail);
        Assert.True(encryption.IsValid, encryption.Detail);
        return new PartyCredentials(signing.Key!, Hex(party, "signing_private_key"), encryption.Key!, Hex(party, "encryption_private_key"));
    }

    private static byte[] PemDer(string pem)
    {
        var fields = System.Security.Cryptography.PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }

    private static byte[] Hex(JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);
}
