namespace HstFederation.DevPki.Cli;

/// <summary>crl --out DIR [--crl-days N]: re-issues the CRL with the same revocations.</summary>
internal static class CrlCommand
{
    private static readonly HashSet<string> Values = ["--out", "--crl-days"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, Values, new HashSet<string>());
        var output = parsed.Required("--out");
        var crlDays = parsed.PositiveInt("--crl-days", 30);
        var (pki, _) = FederationDirectory.Open(output, time);
        var crl = FederationDirectory.WriteCrl(output, pki, time, crlDays);
        stdout.WriteLine($"CRL number {crl.Number} written to {FederationLayout.RevocationList(output)} ({pki.Revoked.Count} revoked, nextUpdate {Display.Time(crl.NextUpdate)}).");
        return DevPkiCli.Success;
    }
}
