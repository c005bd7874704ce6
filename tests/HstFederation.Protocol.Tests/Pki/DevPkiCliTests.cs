using HstFederation.DevPki;
using HstFederation.DevPki.Cli;
using HstFederation.Protocol.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Pki;

public sealed class DevPkiCliTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private string Federation => Path.Combine(_dir.Path, "federation");

    public void Dispose()
    {
        _dir.Dispose();
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public void Create_ThenLoad_EveryPartyLoads()
    {
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR,DE,IT,ES", "--seed", "00ff"));
        var trust = FederationTrust.Load(FederationLayout.RootCertificate(Federation), FederationLayout.RevocationList(Federation), _time);
        foreach (var code in new[] { "FR", "DE", "IT", "ES" })
        {
            var directory = FederationLayout.MemberDirectory(Federation, code);
            Assert.Equal(code, CredentialLoader.LoadPartyCredentials(directory, trust).Party.Code);
            using var tls = CredentialLoader.LoadTlsCertificate(directory, trust);
            Assert.True(tls.HasPrivateKey);
        }

        Assert.True(CredentialLoader.LoadPartyCredentials(FederationLayout.HubDirectory(Federation), trust).Party.IsHub);
    }

    [Fact]
    public void Create_WritesOneMatchingKeyToEveryMember_AndNoneToTheHub_AndRotateKeepsThePreviousAfterTheNew()
    {
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR,DE,IT", "--seed", "00ff"));
        var keys = new[] { "FR", "DE", "IT" }.Select(code => File.ReadAllText(FederationLayout.MatchingKey(Federation, code))).ToList();

        Assert.All(keys, key => Assert.Equal(keys[0], key));
        Assert.Equal(DevelopmentFederation.MatchingKeyId, Entities.MatchingKey.Load(FederationLayout.MatchingKey(Federation, "FR")).Id);
        Assert.Empty(Directory.EnumerateFiles(FederationLayout.HubDirectory(Federation), "*matching*", SearchOption.AllDirectories));
        var keyBytes = Entities.MatchingKey.Format([Entities.MatchingKey.Load(FederationLayout.MatchingKey(Federation, "FR"))]).Split("key: ")[1].Trim();
        Assert.DoesNotContain(Directory.EnumerateFiles(FederationLayout.HubDirectory(Federation)), file => File.ReadAllText(file).Contains(keyBytes, StringComparison.Ordinal));

        Assert.Equal(0, Run("matching-key", "--out", Federation, "--id", "dev-2", "--rotate"));
        var rotated = Entities.MatchingKey.LoadAll(FederationLayout.MatchingKey(Federation, "DE"));

        Assert.Equal(["dev-2", DevelopmentFederation.MatchingKeyId], rotated.Select(k => k.Id));
        Assert.Equal(File.ReadAllText(FederationLayout.MatchingKey(Federation, "FR")), File.ReadAllText(FederationLayout.MatchingKey(Federation, "IT")));
        Assert.Equal(2, Run("matching-key", "--out", Federation, "--id", "dev-2", "--rotate"));
        Assert.Empty(Directory.EnumerateFiles(FederationLayout.HubDirectory(Federation), "*matching*"));
    }

    [Fact]
    public void Create_SameSeedSameTime_IdenticalFiles()
    {
        var second = Path.Combine(_dir.Path, "second");
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR", "--seed", "abcd"));
        Assert.Equal(0, Run("create", "--out", second, "--members", "FR", "--seed", "abcd"));
        foreach (var file in Directory.EnumerateFiles(Federation, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(second, Path.GetRelativePath(Federation, file))));
        }
    }

    [Fact]
    public void Revoke_Member_CertificatesRevokedOthersFine()
    {
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR,DE"));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, Run("revoke", "--out", Federation, "--member", "FR"));
        _time.Advance(TimeSpan.FromMinutes(1));
        var trust = FederationTrust.Load(FederationLayout.RootCertificate(Federation), FederationLayout.RevocationList(Federation), _time);
        Assert.Equal(3, trust.RevocationList!.Count);
        Assert.Equal(2, (int)trust.RevocationList.Number);
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(FederationLayout.MemberDirectory(Federation, "FR"), trust));
        Assert.Contains(nameof(CertificateProblem.Revoked), e.Message, StringComparison.Ordinal);
        CredentialLoader.LoadPartyCredentials(FederationLayout.MemberDirectory(Federation, "DE"), trust);
    }

    [Fact]
    public void Crl_AfterExpiry_FreshCrlKeepsRevocations()
    {
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR,DE", "--crl-days", "1"));
        Assert.Equal(0, Run("revoke", "--out", Federation, "--member", "DE"));
        // Times as hst-node and hst-hub print them.
        Assert.Contains(" at 2030-01-01 00:00:00Z.", _out.ToString(), StringComparison.Ordinal);
        _out.GetStringBuilder().Clear();
        _time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, Run("crl", "--out", Federation));
        Assert.Matches(@"^CRL number 3 written to .* \(3 revoked, nextUpdate 2030-0\d-\d\d \d\d:\d\d:\d\dZ\)\.$", _out.ToString().TrimEnd());
        var trust = FederationTrust.Load(FederationLayout.RootCertificate(Federation), FederationLayout.RevocationList(Federation), _time);
        Assert.Equal(3, trust.RevocationList!.Count);
        CredentialLoader.LoadPartyCredentials(FederationLayout.MemberDirectory(Federation, "FR"), trust);
    }

    [Fact]
    public void Issue_Member_WritesNewKeysThatLoad_AndLeavesTheCurrentFilesAsTheyWere()
    {
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR,DE", "--seed", "00ff"));
        var current = FederationLayout.MemberDirectory(Federation, "FR");
        var before = Directory.EnumerateFiles(current).ToDictionary(f => f, File.ReadAllBytes);
        var renewed = Path.Combine(_dir.Path, "renewed");
        _time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, Run("issue", "--out", Federation, "--member", "FR", "--to", renewed, "--validity-days", "30"));

        var trust = FederationTrust.Load(FederationLayout.RootCertificate(Federation), FederationLayout.RevocationList(Federation), _time);
        var fresh = CredentialLoader.LoadPartyCredentials(renewed, trust);
        var old = CredentialLoader.LoadPartyCredentials(current, trust);
        Assert.Equal("FR", fresh.Party.Code);
        Assert.NotEqual(old.Signing.PublicKey.ToArray(), fresh.Signing.PublicKey.ToArray());
        Assert.NotEqual(old.Encryption.PublicKey.ToArray(), fresh.Encryption.PublicKey.ToArray());
        Assert.Equal(Start.AddDays(1), fresh.Signing.NotBefore);
        Assert.Equal(Start.AddDays(31), fresh.Encryption.NotAfter);
        using (var tls = CredentialLoader.LoadTlsCertificate(renewed, trust))
        {
            Assert.True(tls.HasPrivateKey);
        }

        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
        Assert.Contains(fresh.Signing.SerialNumber, _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_Hub_IssuesTheHubsIdentity()
    {
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR"));
        var renewed = Path.Combine(_dir.Path, "renewed-hub");

        Assert.Equal(0, Run("issue", "--out", Federation, "--hub", "--to", renewed));

        var trust = FederationTrust.Load(FederationLayout.RootCertificate(Federation), FederationLayout.RevocationList(Federation), _time);
        Assert.True(CredentialLoader.LoadPartyCredentials(renewed, trust).Party.IsHub);
    }

    [Theory]
    [InlineData("--member", "FR", "--hub")]
    [InlineData()]
    [InlineData("--member", "IT")]
    [InlineData("--member", "FR", "--to-existing")]
    public void Issue_BadArguments_ExitCode2_NothingWritten(params string[] extra)
    {
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR"));
        var target = Path.Combine(_dir.Path, "target");
        if (extra.Contains("--to-existing"))
        {
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "keep.txt"), "x");
        }

        var args = new List<string> { "issue", "--out", Federation, "--to", target };
        args.AddRange(extra.Where(a => a != "--to-existing"));

        Assert.Equal(DevPkiCli.BadArguments, Run([.. args]));
        Assert.StartsWith("error: ", _err.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, CredentialLoader.SigningCertificateFile)));
    }

    [Theory]
    [InlineData("create", "--out", "X", "--members", "FR,XX")]
    [InlineData("create", "--out", "X", "--members", "fr")]
    [InlineData("create", "--out", "X")]
    [InlineData("create", "--out", "X", "--members", "FR", "--seed", "xyz")]
    [InlineData("create", "--out", "X", "--members", "FR", "--validity-days", "-3")]
    [InlineData("create", "--out", "X", "--members", "FR", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("revoke", "--out", "X")]
    public void Run_BadArguments_ExitCode2WithMessage(params string[] args)
    {
        Assert.Equal(DevPkiCli.BadArguments, Run(args));
        Assert.StartsWith("error: ", _err.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "X")));
    }

    [Fact]
    public void Create_NonEmptyOutputWithoutForce_Refused()
    {
        Directory.CreateDirectory(Federation);
        File.WriteAllText(Path.Combine(Federation, "keep.txt"), "x");
        Assert.Equal(DevPkiCli.BadArguments, Run("create", "--out", Federation, "--members", "FR"));
        Assert.Contains("--force", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Run("create", "--out", Federation, "--members", "FR", "--force"));
    }

    [Fact]
    public void Run_Help_DescribesCommandsAndDevelopmentOnly()
    {
        Assert.Equal(0, Run("--help"));
        Assert.Contains("DEVELOPMENT AND TESTS ONLY", _out.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, Run("create", "--help"));
        Assert.Contains("--validity-days", _out.ToString(), StringComparison.Ordinal);
    }

    private int Run(params string[] args)
    {
        // Relative "X" in the bad-argument cases lands under the temp directory.
        var resolved = args.Select(a => a == "X" ? Path.Combine(_dir.Path, "X") : a).ToArray();
        return DevPkiCli.Run(resolved, _out, _err, _time);
    }
}
