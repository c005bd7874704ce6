using HstFederation.Protocol.Identities;

namespace HstFederation.DevPki.Cli;

/// <summary>create --out DIR --members FR,DE [--seed HEX] [--validity-days N] [--crl-days N] [--force]</summary>
internal static class CreateCommand
{
    private static readonly HashSet<string> Values = ["--out", "--members", "--seed", "--validity-days", "--crl-days"];
    private static readonly HashSet<string> Flags = ["--force"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, Values, Flags);
        var output = parsed.Required("--out");
        var members = ParseMembers(parsed.Required("--members"));
        var seed = ParseSeed(parsed.Optional("--seed"));
        var validity = TimeSpan.FromDays(parsed.PositiveInt("--validity-days", 365));
        var crlValidity = TimeSpan.FromDays(parsed.PositiveInt("--crl-days", 30));
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !parsed.Flag("--force"))
        {
            throw new UsageException($"'{output}' exists and is not empty; pass --force to overwrite it.");
        }

        if (File.Exists(output))
        {
            throw new UsageException($"'{output}' is a file, not a directory.");
        }

        var pki = seed is null
            ? DevelopmentPki.CreateRandom(time.GetUtcNow(), validity)
            : DevelopmentPki.Create(seed, time.GetUtcNow(), validity);
        var federation = DevelopmentFederation.Create(pki, members, crlValidity);
        federation.WriteTo(output);
        stdout.WriteLine($"Development federation written to {Path.GetFullPath(output)} (DEVELOPMENT AND TESTS ONLY)");
        stdout.WriteLine($"  root:    {FederationLayout.RootCertificate(output)}");
        stdout.WriteLine($"  CRL:     {FederationLayout.RevocationList(output)} (nextUpdate {Display.Time(federation.Crl.NextUpdate)})");
        stdout.WriteLine($"  hub:     {FederationLayout.HubDirectory(output)}");
        stdout.WriteLine($"  members: {string.Join(", ", members)} in {FederationLayout.MembersDirectory(output)}");
        stdout.WriteLine($"  seed:    {Convert.ToHexString(pki.Seed.Span)}");
        return DevPkiCli.Success;
    }

    private static List<string> ParseMembers(string list)
    {
        var codes = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (codes.Length == 0)
        {
            throw new UsageException("--members needs at least one country code.");
        }

        var unknown = codes.Where(code => !CountryCodes.IsAssigned(code)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Not ISO 3166-1 alpha-2 country codes (upper case): {string.Join(", ", unknown)}.");
        }

        var duplicates = codes.GroupBy(code => code, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return duplicates.Count == 0
            ? codes.ToList()
            : throw new UsageException($"Country codes given twice: {string.Join(", ", duplicates)}.");
    }

    private static byte[]? ParseSeed(string? hex)
    {
        if (hex is null)
        {
            return null;
        }

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
