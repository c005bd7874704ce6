using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HstFederation.DevPki;
using HstFederation.Node.Audit;
using HstFederation.Node.Commands;

namespace HstFederation.Node.Tests.Commands;

/// <summary>`hst-node agencies block-certificate | unblock-certificate | certificates`: one agency certificate cut off by the NCB.</summary>
public sealed class AgencyCertificateCommandTests : CommandLineTestBase
{
    private readonly NationalAuthority _national =
        NationalAuthority.Create(Encoding.ASCII.GetBytes("agency certificate command tests"), "FR", DateTimeOffset.UtcNow.AddMinutes(-5));

    [Fact]
    public async Task BlockByFile_AndBySerial_AreListedAndCounted_AndUnblockLiftsOne_EachChangeAudited()
    {
        await RunAsync(Fr, "agencies", "add", "border-police", "--name", "Police aux frontières");
        var laptop = _national.IssueAgency("border-police");
        var phone = _national.IssueAgency("border-police");
        var laptopFile = Write(laptop, "laptop");
        var laptopSerial = Serial(laptop);
        var laptopHex = Convert.ToHexStringLower(SHA256.HashData(laptop.CertificateDer));
        var phoneSerial = Serial(phone);
        // As openssl x509 -noout -serial prints it, in lower case with colons: the same serial.
        var phoneOpenssl = "serial=" + string.Join(':', phoneSerial.ToLowerInvariant().Chunk(2).Select(c => new string(c)));

        var byFile = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--certificate", laptopFile, "--reason", "laptop stolen");
        var bySerial = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--serial", phoneOpenssl, "--json");
        var again = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--serial", "00 " + laptopSerial);
        var listed = await RunAsync(Fr, "agencies", "certificates", "border-police");
        var counted = await RunAsync(Fr, "agencies", "list");
        var unblocked = await RunAsync(Fr, "agencies", "unblock-certificate", "border-police", "--certificate", laptopFile);
        var afterwards = await RunAsync(Fr, "agencies", "certificates", "border-police", "--json");
        var countedJson = await RunAsync(Fr, "agencies", "list", "--json");

        Assert.True(byFile.ExitCode == NodeCommandLine.Success, byFile.ToString());
        Assert.Contains($"Blocked certificate serial {laptopSerial} of border-police", byFile.Out, StringComparison.Ordinal);
        Assert.Contains($"sha256      {laptopHex}", byFile.Out, StringComparison.Ordinal);
        Assert.True(bySerial.ExitCode == NodeCommandLine.Success, bySerial.ToString());
        var block = JsonDocument.Parse(bySerial.Out).RootElement;
        Assert.True(block.GetProperty("added").GetBoolean());
        Assert.Equal(phoneSerial, block.GetProperty("block").GetProperty("serial").GetString());
        Assert.Equal(JsonValueKind.Null, block.GetProperty("block").GetProperty("sha256").ValueKind);
        Assert.True(again.ExitCode == NodeCommandLine.Success, again.ToString());
        Assert.Contains("was already blocked", again.Out, StringComparison.Ordinal);
        Assert.Contains("Blocked certificates of border-police (urn:hst:agency:FR:border-police): 2", listed.Out, StringComparison.Ordinal);
        Assert.Contains($"serial      {laptopSerial}", listed.Out, StringComparison.Ordinal);
        Assert.Contains($"serial      {phoneSerial}", listed.Out, StringComparison.Ordinal);
        Assert.Contains($"sha256      {laptopHex}", listed.Out, StringComparison.Ordinal);
        Assert.Contains("reason      laptop stolen", listed.Out, StringComparison.Ordinal);
        Assert.Contains("subject     CN=urn:hst:agency:FR:border-police", listed.Out, StringComparison.Ordinal);
        Assert.Matches(@"BLOCKED\s*\n.*enabled\s+2\s*\n", counted.Out);
        Assert.True(unblocked.ExitCode == NodeCommandLine.Success, unblocked.ToString());
        Assert.Contains($"Unblocked certificate serial {laptopSerial} of border-police", unblocked.Out, StringComparison.Ordinal);
        var remaining = Assert.Single(JsonDocument.Parse(afterwards.Out).RootElement.GetProperty("blocked").EnumerateArray());
        Assert.Equal(phoneSerial, remaining.GetProperty("serial").GetString());
        Assert.Equal(1, Assert.Single(JsonDocument.Parse(countedJson.Out).RootElement.GetProperty("agencies").EnumerateArray()).GetProperty("blockedCertificates").GetInt32());
        Assert.Equal(1, Fr.Count(
            $"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyCertificateBlocked}' AND detail = 'agency=border-police serial={laptopSerial} sha256={laptopHex} reason=laptop stolen';"));
        Assert.Equal(1, Fr.Count(
            $"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyCertificateBlocked}' AND detail = 'agency=border-police serial={phoneSerial}';"));
        Assert.Equal(1, Fr.Count(
            $"SELECT COUNT(*) FROM audit WHERE action = '{NodeAuditActions.AgencyCertificateUnblocked}' AND detail = 'agency=border-police serial={laptopSerial}';"));
    }

    [Fact]
    public async Task AnotherAgencysFile_AFileWithoutIdentity_AnUnknownAgency_BadHex_AndANameMissingOrGivenTwice_ChangeNothingAndSayWhy()
    {
        await RunAsync(Fr, "agencies", "add", "border-police", "--name", "Police aux frontières");
        await RunAsync(Fr, "agencies", "add", "customs", "--name", "Douane");
        var customsFile = Write(_national.IssueAgency("customs"), "customs");
        var serverFile = Write(_national.IssueServer(), "server");
        var hex = Serial(_national.IssueAgency("border-police"));

        var othersFile = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--certificate", customsFile);
        var noIdentity = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--certificate", serverFile);
        var missingFile = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--certificate", Path.Combine(Fr.DirectoryPath, "nowhere.pem"));
        var unknown = await RunAsync(Fr, "agencies", "block-certificate", "nobody", "--serial", hex);
        var tooLong = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--serial", new string('A', 42));
        var notHex = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--serial", "g" + hex[1..]);
        var neither = await RunAsync(Fr, "agencies", "block-certificate", "border-police");
        var both = await RunAsync(Fr, "agencies", "block-certificate", "border-police", "--serial", hex, "--certificate", customsFile);
        var notBlocked = await RunAsync(Fr, "agencies", "unblock-certificate", "border-police", "--serial", hex);
        var unknownList = await RunAsync(Fr, "agencies", "certificates", "nobody");
        var noId = await RunAsync(Fr, "agencies", "certificates");

        Assert.Equal(NodeCommandLine.Failure, othersFile.ExitCode);
        Assert.Contains("is not a certificate of agency 'border-police': it carries identity urn:hst:agency:FR:customs, not urn:hst:agency:FR:border-police; nothing was changed",
            othersFile.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, noIdentity.ExitCode);
        Assert.Contains("it carries no URI subject alternative name", noIdentity.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, missingFile.ExitCode);
        Assert.True(missingFile.Error.Contains("nowhere.pem: file not found", StringComparison.Ordinal), missingFile.Error);
        Assert.Equal(NodeCommandLine.Failure, unknown.ExitCode);
        Assert.Contains("no agency 'nobody'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, tooLong.ExitCode);
        Assert.Contains("--serial is the certificate's serial number: hex digits (at most 20 bytes)", tooLong.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, notHex.ExitCode);
        Assert.Equal(NodeCommandLine.BadArguments, neither.ExitCode);
        Assert.Contains("--certificate FILE.pem or --serial HEX (one of them)", neither.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, both.ExitCode);
        Assert.Equal(NodeCommandLine.Failure, notBlocked.ExitCode);
        Assert.Contains($"certificate serial {hex} is not blocked for agency 'border-police'", notBlocked.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, unknownList.ExitCode);
        Assert.Equal(NodeCommandLine.BadArguments, noId.ExitCode);
        Assert.Contains("missing <id>", noId.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM blocked_agency_certificates;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action LIKE 'agency-certificate-%';"));
    }

    [Fact]
    public async Task Help_ShowsTheCertificateActions_WithAnExample()
    {
        var help = await RunAsync(Fr, "agencies", "--help");

        Assert.Equal(NodeCommandLine.Success, help.ExitCode);
        Assert.Contains("hst-node agencies block-certificate <id> (--certificate FILE.pem | --serial HEX) [--reason TEXT]", help.Out, StringComparison.Ordinal);
        Assert.Contains("hst-node agencies unblock-certificate <id> (--certificate FILE.pem | --serial HEX)", help.Out, StringComparison.Ordinal);
        Assert.Contains("hst-node agencies certificates <id> [--json]", help.Out, StringComparison.Ordinal);
        Assert.Contains("$ hst-node agencies block-certificate border-police --certificate", help.Out, StringComparison.Ordinal);
    }

    /// <summary>The serial as the node keeps it (AgencyCertificateSerial), read here from the certificate's DER independently.</summary>
    private static string Serial(NationalCertificate certificate)
    {
        using var x509 = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.CertificateDer);
        return Convert.ToHexString(x509.SerialNumberBytes.Span.TrimStart((byte)0));
    }

    private string Write(NationalCertificate certificate, string name)
    {
        var path = Path.Combine(Fr.DirectoryPath, "agency-certificates", name + ".crt.pem");
        certificate.WriteTo(path, Path.Combine(Fr.DirectoryPath, "agency-certificates", name + ".key.pem"));
        return path;
    }
}
