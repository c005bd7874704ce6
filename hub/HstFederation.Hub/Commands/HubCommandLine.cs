using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>Dispatches `hst-hub &lt;command&gt;`. Exit codes: 0 ok, 1 failed, 2 bad arguments.</summary>
internal static class HubCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    private const string Usage = """
        hst-hub: the General Secretariat's hub of the HST federation.

        Usage: hst-hub <command> [options]

        Commands:
          serve    Run the hub: gRPC over mutual TLS 1.3 for members (hst.v1.Hub).

        Settings (appsettings.json, HST_Hub__<Name> environment variables, or --Hub:<Name>=<value>):
          DatabasePath, CredentialsDirectory, RootCertificatePath, RevocationListPath,
          ListenAddress (127.0.0.1), Port (7443), PortFile, SubmitWindow (1.00:00:00),
          MaxSequenceJump (10000), DirectoryValidity (1.00:00:00), RegistryRefresh (00:00:02)

        docs/hub.md explains each command and setting.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? BadArguments : Success;
        }

        try
        {
            switch (args[0])
            {
                case "serve":
                    await using (var app = HubApplication.Build(args[1..]))
                    {
                        await app.RunAsync();
                    }

                    return Success;
                default:
                    Console.Error.WriteLine($"hst-hub: unknown command '{args[0]}'");
                    Console.Error.WriteLine(Usage);
                    return BadArguments;
            }
        }
        catch (HubConfigurationException e)
        {
            Console.Error.WriteLine("hst-hub: " + e.Message);
            return Failure;
        }
    }
}
