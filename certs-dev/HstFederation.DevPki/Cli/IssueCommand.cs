using HstFederation.Protocol.Identities;

namespace HstFederation.DevPki.Cli;

/// <summary>
/// issue --out DIR (--member XX | --hub) --to NEWDIR [--validity-days N]: new TLS, signing and encryption
/// certificates and keys for a party of an existing federation, as the CA operator issues them at a renewal.
/// Written to a directory of their own, never over the party's current files: the renewal procedure (node.md,
/// "Renewing keys") needs the old encryption key moved to previous/ before the new one takes its place.
/// </summary>
internal static class IssueCommand
{
    private static readonly HashSet<string> Values = ["--out", "--member", "--to", "--validity-days"];
    private static readonly HashSet<string> Flags = ["--hub"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, Values, Flags);
        var output = parsed.Required("--out");
        var target = parsed.Required("--to");
        var member = parsed.Optional("--member");
        var validity = TimeSpan.FromDays(parsed.PositiveInt("--validity-days", 365));
        if ((member is null) != parsed.Flag("--hub"))
        {
            throw new UsageException("Give exactly one of --member XX or --hub.");
        }

        if (member is not null && !CountryCodes.IsAssigned(member))
        {
            throw new UsageException($"'{member}' is not an ISO 3166-1 alpha-2 country code (upper case).");
        }

        var current = member is null ? FederationLayout.HubDirectory(output) : FederationLayout.MemberDirectory(output, member);
        if (Directory.Exists(output) && !Directory.Exists(current))
        {
            throw new UsageException($"'{current}' does not exist: {(member is null ? "the hub" : member)} is not in this federation.");
        }

        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new UsageException($"--to '{target}' exists and is not an empty directory; the new credentials go to a directory of their own.");
        }

        // Open gives the reopened root a random seed: the new keys share nothing with the ones 'create' derived.
        var (pki, _) = FederationDirectory.Open(output, time, validity);
        var party = member is null ? PartyId.Hub : PartyId.Member(member);
        var issued = pki.IssueParty(party);
        issued.WriteTo(target);
        stdout.WriteLine($"New credentials of {party.Uri} written to {Path.GetFullPath(target)} (DEVELOPMENT AND TESTS ONLY)");
        foreach (var certificate in issued.All)
        {
            stdout.WriteLine($"  {certificate.Purpose,-17} serial {certificate.SerialNumber}, valid until {pki.IssuedAt + validity:yyyy-MM-dd HH:mm:ss}Z");
        }

        stdout.WriteLine($"  its current files in {current} are unchanged: renew as docs/{(member is null ? "hub.md, \"Renewing the hub's keys\"" : "node.md, \"Renewing keys\"")} says.");
        return DevPkiCli.Success;
    }
}
