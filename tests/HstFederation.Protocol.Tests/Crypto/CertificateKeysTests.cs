using HstFederation.Protocol.Crypto;
using HstFederation.Testing.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Crypto;

/// <summary>Reading the Ed25519 key out of a certificate, memoized by the certificate's bytes.</summary>
public sealed class CertificateKeysTests
{
    private readonly TestPki _pki = TestPki.Create(new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), "FR", "DE");

    [Fact]
    public void SameCertificateTwice_SameKey_AndWhatACallerChangesIsNotWhatTheNextGets()
    {
        var fr = _pki.Member("FR").Signing;

        Assert.True(CertificateKeys.TryReadEd25519PublicKey(fr.CertificateDer.Span, out var first));
        Assert.Equal(fr.PublicKey.ToArray(), first);
        first[0] ^= 0xFF;

        Assert.True(CertificateKeys.TryReadEd25519PublicKey(fr.CertificateDer.Span, out var second));
        Assert.Equal(fr.PublicKey.ToArray(), second);
    }

    [Fact]
    public void OtherCertificate_ItsOwnKey_AndOneChangedByteIsNotServedFromTheCache()
    {
        var fr = _pki.Member("FR").Signing;
        var de = _pki.Member("DE").Signing;
        Assert.True(CertificateKeys.TryReadEd25519PublicKey(fr.CertificateDer.Span, out _));

        Assert.True(CertificateKeys.TryReadEd25519PublicKey(de.CertificateDer.Span, out var deKey));
        Assert.Equal(de.PublicKey.ToArray(), deKey);

        var truncated = fr.CertificateDer.ToArray()[..^1];
        Assert.False(CertificateKeys.TryReadEd25519PublicKey(truncated, out var none));
        Assert.Empty(none);
        Assert.False(CertificateKeys.TryReadEd25519PublicKey(truncated, out _));
    }

    [Fact]
    public void EncryptionCertificate_HoldsNoEd25519Key()
    {
        Assert.False(CertificateKeys.TryReadEd25519PublicKey(_pki.Member("FR").Encryption.CertificateDer.Span, out _));
    }
}
