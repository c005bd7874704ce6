using System.Globalization;
using HstFederation.Testing.Processes;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// The hub: <c>hst-hub serve</c> on a loopback port chosen once, so that it can be killed and restarted on the same
/// address the nodes were configured with; its own SQLite file; the admin listener off.
/// </summary>
internal sealed class HubParty : IDisposable
{
    private readonly string _portFile;

    public HubParty(string directory, string pki, IReadOnlyList<string> extraSettings)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        Pki = pki;
        DatabasePath = Path.Combine(Directory, "hub.db");
        LogPath = Path.Combine(Directory, "hub.log");
        _portFile = Path.Combine(Directory, "hub.port");
        Port = FreePort.Pick();
        Settings = [$"--Hub:DatabasePath={DatabasePath}", $"--Hub:RootCertificatePath={RootCertificate}", $"--Hub:RevocationListPath={RevocationList}"];
        ServeSettings = [.. Settings,
            $"--Hub:CredentialsDirectory={Path.Combine(pki, "hub")}", "--Hub:ListenAddress=127.0.0.1",
            string.Create(CultureInfo.InvariantCulture, $"--Hub:Port={Port}"), $"--Hub:PortFile={_portFile}", "--Hub:AdminPort=-1", .. extraSettings];
        Process = new ServiceProcess("hub", Apphosts.Hub, () => ["serve", .. ServeSettings], LogPath);
    }

    public string Directory { get; }

    public string Pki { get; }

    public string DatabasePath { get; }

    public string LogPath { get; }

    public int Port { get; }

    public Uri Address => new(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{Port}"));

    public string RootCertificate => Path.Combine(Pki, "root", "root.crt.pem");

    public string RevocationList => Path.Combine(Pki, "federation.crl.pem");

    /// <summary>What every operator command needs (database, root, CRL), as <c>./hst up</c>'s <c>cli</c> line has it.</summary>
    public IReadOnlyList<string> Settings { get; }

    /// <summary>The settings of <c>serve</c>; a scenario may change them between two starts.</summary>
    public List<string> ServeSettings { get; }

    public ServiceProcess Process { get; }

    /// <summary>Starts <c>hst-hub serve</c> and returns once it has written its port file and accepts connections; fails when it watches files.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        File.Delete(_portFile);
        Process.Start();
        await Listening.WaitAsync(Process, _portFile, Port, cancellationToken);
        Process.ThrowIfWatchingFiles();
    }

    public Task KillAsync() => Process.KillAsync();

    public void Dispose() => Process.Dispose();
}
