using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki.Cli;

/// <summary>revoke --out DIR (--member XX | --hub | --serial HEX) [--crl-days N]</summary>
internal static class RevokeCommand
{
    private static readonly HashSet<string> Values = ["--out", "--member", "--serial", "--crl-days"];
    private static readonly HashSet<string> Flags = ["--hub"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, Values, Flags);
        var output = parsed.Required("--out");
        var member = parsed.Optional("--member");
        var serial = parsed.Optional("--serial");
        var crlDays = parsed.PositiveInt("--crl-days", 30);
        if ((member is null ? 0 : 1) + (serial is null ? 0 : 1) + (parsed.Flag("--hub") ? 1 : 0) != 1)
        {
            throw new UsageException("Give exactly one of --member XX, --hub or --serial HEX.");
        }

        if (member is not null && !CountryCodes.IsAssigned(member))
        {
            throw new UsageException($"'{member}' is not an ISO 3166-1 alpha-2 country code (upper case).");
        }

        if (serial is not null && (serial.Length % 2 != 0 || !serial.All(char.IsAsciiHexDigit)))
        {
            throw new UsageException($"--serial must be hexadecimal, not '{serial}'.");
        }

        var (pki, trust) = FederationDirectory.Open(output, time);
        var serials = serial is not null ? [serial.ToUpperInvariant()] : PartySerials(output, member, trust);
        var now = time.GetUtcNow();
        foreach (var s in serials)
        {
            pki.Revoke(s, now);
        }

        var crl = FederationDirectory.WriteCrl(output, pki, time, crlDays);
        stdout.WriteLine($"Revoked {string.Join(", ", serials)} at {Display.Time(now)}.");
        stdout.WriteLine($"CRL number {crl.Number} written to {FederationLayout.RevocationList(output)} ({pki.Revoked.Count} revoked, nextUpdate {Display.Time(crl.NextUpdate)}).");
        return DevPkiCli.Success;
    }

    private static List<string> PartySerials(string output, string? member, FederationTrust trust)
    {
        var directory = member is null ? FederationLayout.HubDirectory(output) : FederationLayout.MemberDirectory(output, member);
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"'{directory}' does not exist: {(member is null ? "the hub" : member)} is not in this federation.");
        }

        string[] files = [CredentialLoader.TlsCertificateFile, CredentialLoader.SigningCertificateFile, CredentialLoader.EncryptionCertificateFile];
        return files.Select(file => CertificateSerial.Read(Path.Combine(directory, file))).ToList();
    }
}
