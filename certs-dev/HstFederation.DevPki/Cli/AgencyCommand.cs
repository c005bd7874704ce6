using HstFederation.Protocol.Identities;

namespace HstFederation.DevPki.Cli;

/// <summary>agency --out DIR --member FR --name NAME [--validity-days N] [--force]</summary>
internal static class AgencyCommand
{
    private static readonly HashSet<string> Values = ["--out", "--member", "--name", "--validity-days"];
    private static readonly HashSet<string> Flags = ["--force"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, Values, Flags);
        var output = parsed.Required("--out");
        var member = NationalCaCommand.Member(parsed.Required("--member"));
        var name = parsed.Required("--name");
        if (!AgencyId.IsValidName(name))
        {
            throw new UsageException($"'{name}' is not an agency name: 1-{AgencyId.MaxNameLength} lower-case letters, digits and inner hyphens.");
        }

        var validity = TimeSpan.FromDays(parsed.PositiveInt("--validity-days", 365));
        var rootCertificate = NationalLayout.RootCertificate(output, member);
        if (!File.Exists(rootCertificate))
        {
            throw new UsageException($"'{rootCertificate}' does not exist: make the national CA first (national-ca --out {output} --member {member}).");
        }

        var certificatePath = NationalLayout.AgencyCertificate(output, member, name);
        if (File.Exists(certificatePath) && !parsed.Flag("--force"))
        {
            throw new UsageException($"'{certificatePath}' exists; pass --force to issue a new certificate for {name}.");
        }

        var authority = NationalAuthority.Load(rootCertificate, NationalLayout.RootPrivateKey(output, member), member, time.GetUtcNow(), validity);
        var certificate = authority.IssueAgency(name);
        certificate.WriteTo(certificatePath, NationalLayout.AgencyPrivateKey(output, member, name));
        stdout.WriteLine($"Agency certificate for {certificate.Identity} written (DEVELOPMENT AND TESTS ONLY)");
        stdout.WriteLine($"  certificate: {certificatePath}");
        stdout.WriteLine($"  key:         {NationalLayout.AgencyPrivateKey(output, member, name)}");
        stdout.WriteLine($"  serial:      {certificate.SerialNumber}");
        stdout.WriteLine($"Register {certificate.Identity} in the node's agency scope table before it can call (docs/agency-api.md).");
        return DevPkiCli.Success;
    }
}
