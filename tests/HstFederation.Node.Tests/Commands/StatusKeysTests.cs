using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node status` shows the encryption keys FR's node loads (docs/node.md, "Renewing keys"): the current one, and each
/// previous one its operator kept under previous/NAME/ when renewing, with the folder, key id and validity.
/// </summary>
public sealed class StatusKeysTests : CommandLineTestBase
{
    [Fact]
    public async Task Status_WithACertificateExpiringWithin30Days_RemindsToRenew_WithoutFailing()
    {
        var before = await RunAsync(Fr, "status");
        Assert.DoesNotContain("RENEW", before.Out, StringComparison.Ordinal);

        // FR's signing certificate, certified until ten days from now: the first of its certificates to expire.
        var now = DateTimeOffset.UtcNow;
        var signing = Hub.Federation.Pki.IssueSigning(
            Protocol.Identities.PartyId.Member("FR"), new DevPki.CertificateOptions { NotBefore = now.AddHours(-1), NotAfter = now.AddDays(10) });
        var directory = DevPki.FederationLayout.MemberDirectory(Hub.DirectoryPath, "FR");
        File.WriteAllText(Path.Combine(directory, CredentialLoader.SigningCertificateFile), signing.CertificatePem + "\n");
        File.WriteAllText(Path.Combine(directory, CredentialLoader.SigningKeyFile), signing.PrivateKeyPem + "\n");
        var text = await RunAsync(Fr, "status");
        var json = await RunAsync(Fr, "status", "--json");

        Assert.Contains("; RENEW: the first expires in 9 day(s) (docs/node.md, \"Renewing keys\")", text.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        var certificates = document.RootElement.GetProperty("certificates");
        Assert.True(certificates.GetProperty("renewSoon").GetBoolean());
        Assert.Equal(9, certificates.GetProperty("daysLeft").GetInt32());
        // A reminder: the exit code is what it would be without it.
        Assert.Equal(before.ExitCode, text.ExitCode);
    }

    [Fact]
    public async Task Status_BeforeAndAfterTwoEncryptionKeyRenewals_ListsTheCurrentKey_AndEachPreviousOneWithItsFolderKeyIdAndValidity()
    {
        var first = Loaded().Encryption;
        var before = await RunAsync(Fr, "status");
        Assert.True(before.ExitCode == NodeCommandLine.Success, before.ToString());
        Assert.Contains($"Encryption   current key {KeyId(first)}, {Validity(first)}{Environment.NewLine}", before.Out, StringComparison.Ordinal);
        Assert.Contains("Previous key none kept (previous/ of the party directory)", before.Out, StringComparison.Ordinal);

        Hub.RenewKeys("FR", signing: false, encryption: true, keepPreviousAs: "2026-11");
        var second = Loaded().Encryption;
        Hub.RenewKeys("FR", signing: false, encryption: true, keepPreviousAs: "2027-05");
        var current = Loaded().Encryption;
        var text = await RunAsync(Fr, "status");
        var json = await RunAsync(Fr, "status", "--json");

        Assert.True(text.ExitCode == NodeCommandLine.Success, text.ToString());
        Assert.Contains($"Encryption   current key {KeyId(current)}, {Validity(current)}{Environment.NewLine}", text.Out, StringComparison.Ordinal);
        Assert.Contains($"Previous key 2026-11: key {KeyId(first)}, {Validity(first)}; opens only, never sealed to{Environment.NewLine}", text.Out, StringComparison.Ordinal);
        Assert.Contains($"Previous key 2027-05: key {KeyId(second)}, {Validity(second)}; opens only, never sealed to{Environment.NewLine}", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Previous key none", text.Out, StringComparison.Ordinal);

        Assert.True(json.ExitCode == NodeCommandLine.Success, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        var keys = document.RootElement.GetProperty("encryptionKeys");
        AssertKey(keys.GetProperty("current"), null, current);
        var previous = keys.GetProperty("previous").EnumerateArray().ToList();
        Assert.Equal(2, previous.Count);
        AssertKey(previous[0], "2026-11", first);
        AssertKey(previous[1], "2027-05", second);
    }

    /// <summary>FR's credentials as its party directory holds them now (what a restarted node loads).</summary>
    private PartyCredentials Loaded() => CredentialLoader.LoadPartyCredentials(Hub.MemberDirectory("FR"), Hub.Trust);

    private static void AssertKey(JsonElement shown, string? folder, CertifiedKey key)
    {
        Assert.Equal(folder, shown.GetProperty("folder").GetString());
        Assert.Equal(KeyId(key), shown.GetProperty("keyId").GetString());
        Assert.Equal(key.NotBefore, shown.GetProperty("notBefore").GetDateTimeOffset());
        Assert.Equal(key.NotAfter, shown.GetProperty("notAfter").GetDateTimeOffset());
    }

    private static string KeyId(CertifiedKey key) => Convert.ToHexStringLower(key.KeyId.Span);

    private static string Validity(CertifiedKey key) => $"valid {Display.Time(key.NotBefore)} to {Display.Time(key.NotAfter)}";
}
