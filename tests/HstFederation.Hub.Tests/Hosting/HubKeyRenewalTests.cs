using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// The hub renews its encryption key (THREATS row 23): started with the new key and the replaced one kept in
/// previous/ of its party directory (docs/hub.md, "Renewing the hub's keys"), it still opens the hub-readable messages
/// sealed to the replaced key (stored ones for matching, releases and products, and those still in flight); a previous
/// key file it cannot use stops it, naming the file.
/// </summary>
public sealed class HubKeyRenewalTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-renewal-").FullName;
    private readonly DevelopmentFederation _federation;

    public HubKeyRenewalTests()
    {
        _federation = DevelopmentFederation.Create(DevelopmentPki.Create("hub key renewal"u8, Start), ["FR", "DE"], TimeSpan.FromDays(7));
        _federation.WriteTo(_directory);
    }

    private string HubDirectory => FederationLayout.HubDirectory(_directory);

    private string[] Settings =>
    [
        $"--Hub:DatabasePath={Path.Combine(_directory, "hub.db")}", $"--Hub:CredentialsDirectory={HubDirectory}",
        $"--Hub:RootCertificatePath={FederationLayout.RootCertificate(_directory)}", $"--Hub:RevocationListPath={FederationLayout.RevocationList(_directory)}",
        "--Hub:Port=0", "--Hub:AdminPort=0",
    ];

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Build_WithARenewedEncryptionKey_AndThePreviousOneKept_OpensWhatWasSealedToThePreviousKey()
    {
        var trust = _federation.CreateTrust(_time);
        var previous = _federation.Hub.ToCredentials(trust).Encryption;
        var sealedToPrevious = SealFromFrToDeAndTheHub(trust, previous);
        _time.Advance(TimeSpan.FromHours(1));
        RenewHubEncryptionKey(keepPreviousAs: "2030-03");

        await using var app = HubApplication.Build(Settings, _time);
        var hub = app.Services.GetRequiredService<HubCredentials>().Party;

        Assert.NotEqual(previous.KeyId.ToArray(), hub.Encryption.KeyId.ToArray());
        Assert.Equal(previous.CertificateDer.ToArray(), Assert.Single(hub.PreviousEncryption).CertificateDer.ToArray());
        var opened = new EnvelopeOpener(new EnvelopeVerifier(trust, new HandlingPolicy())).OpenStored(sealedToPrevious, hub);
        Assert.True(opened.IsSuccess, opened.IsSuccess ? null : opened.Rejection!.Detail);
    }

    [Fact]
    public void Load_ARenewedEncryptionKey_WithoutThePreviousOne_CannotOpenWhatWasSealedToIt()
    {
        var trust = _federation.CreateTrust(_time);
        var sealedToPrevious = SealFromFrToDeAndTheHub(trust, _federation.Hub.ToCredentials(trust).Encryption);
        _time.Advance(TimeSpan.FromHours(1));
        RenewHubEncryptionKey(keepPreviousAs: null);

        var hub = CredentialLoader.LoadPartyCredentials(HubDirectory, trust);

        Assert.Empty(hub.PreviousEncryption);
        Assert.Equal(RejectionReason.KeyWrapMissing, new EnvelopeOpener(new EnvelopeVerifier(trust, new HandlingPolicy())).OpenStored(sealedToPrevious, hub).Reason);
    }

    [Fact]
    public void Build_APreviousEncryptionKeyFileItCannotRead_NamesTheFile()
    {
        RenewHubEncryptionKey(keepPreviousAs: "2030-03");
        var key = Path.Combine(HubDirectory, CredentialLoader.PreviousKeysDirectory, "2030-03", CredentialLoader.EncryptionKeyFile);
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        var error = Assert.Throws<HubConfigurationException>(() => HubApplication.Build(Settings, _time));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A message the hub may read, sealed by FR to DE and to <paramref name="hubKey"/>.</summary>
    private byte[] SealFromFrToDeAndTheHub(FederationTrust trust, CertifiedKey hubKey)
    {
        var message = SampleMessages.Realistic(_time.GetUtcNow());
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { PartyId.Member("DE").Code } };
        message.Handling.HubMayRead = true;
        var fr = _federation.Members["FR"].ToCredentials(trust);
        var de = _federation.Members["DE"].ToCredentials(trust);
        return new EnvelopeSealer(_time, new HandlingPolicy()).Seal(message, fr, [de.Encryption, hubKey], new SealOptions { Sequence = 1 }).Bytes.ToArray();
    }

    /// <summary>The GS operator renewing the hub's encryption key: the replaced files to previous/<paramref name="keepPreviousAs"/>/ (or dropped), the new ones in their place.</summary>
    private void RenewHubEncryptionKey(string? keepPreviousAs)
    {
        if (keepPreviousAs is not null)
        {
            var previous = Path.Combine(HubDirectory, CredentialLoader.PreviousKeysDirectory, keepPreviousAs);
            System.IO.Directory.CreateDirectory(previous);
            File.Copy(Path.Combine(HubDirectory, CredentialLoader.EncryptionCertificateFile), Path.Combine(previous, CredentialLoader.EncryptionCertificateFile));
            File.Copy(Path.Combine(HubDirectory, CredentialLoader.EncryptionKeyFile), Path.Combine(previous, CredentialLoader.EncryptionKeyFile));
        }

        var now = _time.GetUtcNow();
        var renewed = _federation.Pki.IssueEncryption(PartyId.Hub, new CertificateOptions { NotBefore = now, NotAfter = now.AddDays(365) });
        File.WriteAllText(Path.Combine(HubDirectory, CredentialLoader.EncryptionCertificateFile), renewed.CertificatePem + "\n");
        File.WriteAllText(Path.Combine(HubDirectory, CredentialLoader.EncryptionKeyFile), renewed.PrivateKeyPem + "\n");
    }
}
