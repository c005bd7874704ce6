namespace HstFederation.Hub.Tests.Hosting;

/// <summary>The `--Hub:*` command line for a hub over a development federation written to <c>directory</c>.</summary>
internal static class HubArguments
{
    public static string[] For(string directory, IEnumerable<string> settings, IEnumerable<string> extraArgs) =>
    [
        $"--Hub:DatabasePath={Path.Combine(directory, "hub.db")}",
        $"--Hub:CredentialsDirectory={Path.Combine(directory, "hub")}",
        $"--Hub:RootCertificatePath={Path.Combine(directory, "root", "root.crt.pem")}",
        $"--Hub:RevocationListPath={Path.Combine(directory, "federation.crl.pem")}",
        "--Hub:Port=0",
        "--Logging:LogLevel:Default=Warning",
        .. settings,
        .. extraArgs,
    ];
}
