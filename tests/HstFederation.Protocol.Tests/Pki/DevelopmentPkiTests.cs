using HstFederation.DevPki;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Testing.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Pki;

public sealed class DevelopmentPkiTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_SameSeedAndTime_ByteIdenticalCertificatesKeysAndCrl()
    {
        var a = Federation([1, 2, 3]);
        var b = Federation([1, 2, 3]);
        Assert.Equal(a.Pki.RootCertificateDer, b.Pki.RootCertificateDer);
        Assert.Equal(a.Pki.RootPrivateKeyPem, b.Pki.RootPrivateKeyPem);
        Assert.Equal(a.Crl.Der, b.Crl.Der);
        foreach (var party in new[] { a.Hub, a.Members["FR"], a.Members["DE"] })
        {
            var twin = party.Party.IsHub ? b.Hub : b.Members[party.Party.Code];
            foreach (var (mine, theirs) in party.All.Zip(twin.All))
            {
                Assert.Equal(mine.CertificateDer, theirs.CertificateDer);
                Assert.Equal(mine.PrivateKeyPkcs8, theirs.PrivateKeyPkcs8);
            }
        }

        a.Pki.Revoke(a.Members["FR"], Start.AddDays(1));
        b.Pki.Revoke(b.Members["FR"], Start.AddDays(1));
        Assert.Equal(a.Pki.IssueCrl(Start.AddDays(1), Start.AddDays(8)).Der, b.Pki.IssueCrl(Start.AddDays(1), Start.AddDays(8)).Der);
    }

    [Fact]
    public void Create_DifferentSeed_DifferentKeysAndCertificates()
    {
        var a = Federation([1, 2, 3]);
        var b = Federation([1, 2, 4]);
        Assert.NotEqual(a.Pki.RootCertificateDer, b.Pki.RootCertificateDer);
        Assert.NotEqual(a.Members["FR"].Signing.RawPrivateKey, b.Members["FR"].Signing.RawPrivateKey);
        Assert.NotEqual(a.Members["FR"].Tls.PrivateKeyPkcs8, b.Members["FR"].Tls.PrivateKeyPkcs8);
        Assert.NotEqual(a.Members["FR"].Tls.SerialNumber, b.Members["FR"].Tls.SerialNumber);
        Assert.NotEqual(a.Crl.Der, b.Crl.Der);
    }

    [Fact]
    public void IssueParty_Twice_NewKeysAndSerials()
    {
        var pki = DevelopmentPki.Create([9], Start);
        var first = pki.IssueParty(PartyId.Member("FR"));
        var second = pki.IssueParty(PartyId.Member("FR"));
        Assert.NotEqual(first.Signing.RawPrivateKey, second.Signing.RawPrivateKey);
        Assert.NotEqual(first.Tls.SerialNumber, second.Tls.SerialNumber);
    }

    [Fact]
    public void Create_MemberOrder_DoesNotChangeCertificates()
    {
        var a = DevelopmentFederation.Create(DevelopmentPki.Create([5], Start), ["FR", "DE", "IT"], TimeSpan.FromDays(7));
        var b = DevelopmentFederation.Create(DevelopmentPki.Create([5], Start), ["IT", "DE", "FR"], TimeSpan.FromDays(7));
        Assert.Equal(a.Members["DE"].Encryption.CertificateDer, b.Members["DE"].Encryption.CertificateDer);
    }

    [Fact]
    public void TestPkiCreate_AllAssignedCountries_ValidCredentialsForEveryone()
    {
        var time = new FakeTimeProvider(Start);
        var codes = CountryCodes.All.Take(195).ToArray();
        var pki = TestPki.Create(time, codes);
        foreach (var code in codes)
        {
            Assert.Equal(PartyId.Member(code), pki.Member(code).Party);
        }

        Assert.Equal(PartyId.Hub, pki.Hub.Party);
        Assert.Equal(CertificatePurpose.MessageEncryption, pki.Member("DE").Encryption.Purpose);
    }

    [Fact]
    public void TestPkiMember_UnknownMember_Throws()
    {
        var pki = TestPki.Create(new FakeTimeProvider(Start), "FR");
        Assert.Throws<ArgumentException>(() => pki.Member("DE"));
    }

    private static DevelopmentFederation Federation(byte[] seed) =>
        DevelopmentFederation.Create(DevelopmentPki.Create(seed, Start.AddTicks(1234)), ["FR", "DE"], TimeSpan.FromDays(7));
}
