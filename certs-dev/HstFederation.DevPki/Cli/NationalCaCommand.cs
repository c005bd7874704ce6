using HstFederation.Protocol.Identities;

namespace HstFederation.DevPki.Cli;

/// <summary>national-ca --out DIR --member FR [--seed HEX] [--dns NAMES] [--validity-days N] [--force]</summary>
internal static class NationalCaCommand
{
    private static readonly HashSet<string> Values = ["--out", "--member", "--seed", "--dns", "--validity-days"];
    private static readonly HashSet<string> Flags = ["--force"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, Values, Flags);
        var output = parsed.Required("--out");
        var member = Member(parsed.Required("--member"));
        var seed = parsed.Optional("--seed") is { } hex ? Hex(hex) : System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var dns = (parsed.Optional("--dns") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var validity = TimeSpan.FromDays(parsed.PositiveInt("--validity-days", 365));
        var directory = NationalLayout.Directory(output, member);
        if (File.Exists(NationalLayout.RootCertificate(output, member)) && !parsed.Flag("--force"))
        {
            throw new UsageException($"'{directory}' already holds a national CA for {member}; pass --force to replace it (every agency certificate it issued stops working).");
        }

        var authority = NationalAuthority.Create(seed, member, time.GetUtcNow(), validity);
        authority.WriteTo(directory);
        var server = authority.IssueServer(dns);
        server.WriteTo(NationalLayout.ServerCertificate(output, member), NationalLayout.ServerPrivateKey(output, member));
        stdout.WriteLine($"National CA of {member} written to {Path.GetFullPath(directory)} (DEVELOPMENT AND TESTS ONLY)");
        stdout.WriteLine($"  root:        {NationalLayout.RootCertificate(output, member)}   (the node's Node:AgencyRootCertificatePath)");
        stdout.WriteLine($"  server cert: {NationalLayout.ServerCertificate(output, member)}   (Node:AgencyCertificatePath; DNS localhost{string.Concat(dns.Select(d => "," + d))}, IP 127.0.0.1, ::1)");
        stdout.WriteLine($"  server key:  {NationalLayout.ServerPrivateKey(output, member)}   (Node:AgencyPrivateKeyPath)");
        stdout.WriteLine($"  seed:        {Convert.ToHexString(seed)}");
        return DevPkiCli.Success;
    }

    internal static string Member(string code) =>
        CountryCodes.IsAssigned(code) ? code : throw new UsageException($"'{code}' is not an ISO 3166-1 alpha-2 country code (upper case).");

    private static byte[] Hex(string hex)
    {
        try
        {
            var seed = Convert.FromHexString(hex);
            return seed.Length > 0 ? seed : throw new UsageException("--seed must not be empty.");
        }
        catch (FormatException)
        {
            throw new UsageException($"--seed must be hexadecimal with an even number of digits, not '{hex}'.");
        }
    }
}
