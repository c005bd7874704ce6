using System.Globalization;
using HstFederation.Protocol.Identities;
using HstFederation.Testing.Processes;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// One member's node: <c>hst-node serve --config</c> with the configuration <c>hst-node init</c> wrote, its own SQLite
/// file, and its agency listener on a loopback port chosen once. The agency "loadgen" (certificate from the dev PKI,
/// registered with <c>hst-node agencies add</c>) drives it through the agency API.
/// </summary>
internal sealed class NodeParty : IDisposable
{
    public const string LoadAgency = "loadgen";

    private readonly string _portFile;
    private readonly Lazy<AgencyClient> _agency;

    public NodeParty(string code, string directory, string pki, Uri hubAddress, IReadOnlyList<string> extraSettings)
    {
        Code = code;
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        ConfigPath = Path.Combine(Directory, "node.json");
        DatabasePath = Path.Combine(Directory, "node.db");
        LogPath = Path.Combine(Directory, "node.log");
        CredentialsDirectory = Path.Combine(pki, "members", code);
        _portFile = Path.Combine(Directory, "agency.port");
        AgencyPort = FreePort.Pick();
        var national = Path.Combine(pki, "national", code);
        InitSettings =
        [
            $"--Node:DatabasePath={DatabasePath}", $"--Node:CredentialsDirectory={CredentialsDirectory}",
            $"--Node:RootCertificatePath={Path.Combine(pki, "root", "root.crt.pem")}", $"--Node:RevocationListPath={Path.Combine(pki, "federation.crl.pem")}",
            $"--Node:HubAddress={hubAddress}", "--Node:AgencyListenAddress=127.0.0.1",
            string.Create(CultureInfo.InvariantCulture, $"--Node:AgencyPort={AgencyPort}"), $"--Node:AgencyPortFile={_portFile}",
            $"--Node:AgencyRootCertificatePath={Path.Combine(national, "root.crt.pem")}",
            $"--Node:AgencyCertificatePath={Path.Combine(national, "node", "agency-api.crt.pem")}",
            $"--Node:AgencyPrivateKeyPath={Path.Combine(national, "node", "agency-api.key.pem")}",

            // Quick retries so that a restarted hub is found again within half a second, not minutes.
            "--Node:RetryDelay=00:00:00.050", "--Node:MaxRetryDelay=00:00:00.500", "--Node:OutboxPollInterval=00:00:00.100",
            .. extraSettings,
        ];
        Process = new ServiceProcess(code, Apphosts.Node, () => ["serve", "--config", ConfigPath, .. ServeSettings], LogPath);
        var agency = Path.Combine(national, "agencies", LoadAgency);
        _agency = new Lazy<AgencyClient>(() => new AgencyClient(
            new Uri(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{AgencyPort}")),
            Path.Combine(national, "root.crt.pem"), Path.Combine(agency, "tls.crt.pem"), Path.Combine(agency, "tls.key.pem")));
    }

    public string Code { get; }

    public string Party => PartyId.Member(Code).Uri;

    public string Directory { get; }

    public string ConfigPath { get; }

    public string DatabasePath { get; }

    public string LogPath { get; }

    public string CredentialsDirectory { get; }

    public int AgencyPort { get; }

    /// <summary>The settings <c>init</c> writes into <see cref="ConfigPath"/>.</summary>
    public IReadOnlyList<string> InitSettings { get; }

    /// <summary>Settings given to <c>serve</c> on the command line on top of the configuration (a scenario may change them between starts).</summary>
    public List<string> ServeSettings { get; } = [];

    public ServiceProcess Process { get; }

    public AgencyClient Agency => _agency.Value;

    /// <summary>The arguments of an operator command against this node's configuration, as <c>./hst up</c>'s <c>cli</c> line.</summary>
    public IReadOnlyList<string> Command(string command, params string[] arguments) => [command, .. arguments, "--config", ConfigPath];

    /// <summary>Starts <c>hst-node serve</c> and returns once its agency listener accepts connections; fails when it watches files.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        File.Delete(_portFile);
        Process.Start();
        await Listening.WaitAsync(Process, _portFile, AgencyPort, cancellationToken);
        Process.ThrowIfWatchingFiles();
    }

    public Task KillAsync() => Process.KillAsync();

    public void Dispose()
    {
        Process.Dispose();
        if (_agency.IsValueCreated)
        {
            _agency.Value.Dispose();
        }
    }
}
