using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>`serve`: runs the hub (<see cref="HubApplication"/>) until stopped. Needs every path setting.</summary>
internal static class ServeCommand
{
    public const string Name = "serve";
    public const string Summary = "Run the hub: gRPC over mutual TLS 1.3 for members (hst.v1.Hub).";

    public const string Help = """
        Usage: hst-hub serve [--Hub:<Name>=<value> ...]

        Runs the hub until stopped (Ctrl+C / SIGTERM): Kestrel on Hub:ListenAddress:Hub:Port, TLS 1.3 only,
        a client certificate issued by the federation root required, the hst.v1.Hub service and the gRPC
        health service. Needs Hub:DatabasePath, Hub:CredentialsDirectory (the hub's party directory),
        Hub:RootCertificatePath and Hub:RevocationListPath; every problem names its setting or file.

        Example:
          hst-hub serve --Hub:DatabasePath=/var/lib/hst/hub.db --Hub:CredentialsDirectory=/etc/hst/hub \
            --Hub:RootCertificatePath=/etc/hst/root.crt.pem --Hub:RevocationListPath=/etc/hst/federation.crl.pem
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (args.Any(arg => arg is "--help" or "-h"))
        {
            stdout.WriteLine(Help);
            return HubCommandLine.Success;
        }

        try
        {
            await using (var app = HubApplication.Build(args, time))
            {
                await app.RunAsync();
            }

            return HubCommandLine.Success;
        }
        catch (HubConfigurationException e)
        {
            stderr.WriteLine("hst-hub: " + e.Message);
            return HubCommandLine.Failure;
        }
    }
}
