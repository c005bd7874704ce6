using System.Text;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// A federation of real processes in a temporary directory, set up as an operator would with the products' own
/// commands: the dev PKI tool (<c>create</c>, <c>national-ca</c>, <c>agency</c>; <see cref="PkiTemplate"/>), <c>hst-hub init</c> and <c>enroll</c>,
/// <c>hst-node init</c> and <c>agencies add</c>; then the hub and one node per member, each its own OS process with its
/// own SQLite file and log. The directory is removed on dispose unless <see cref="Keep"/> was called (a failed run).
/// </summary>
internal sealed class Federation : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private bool _keep;

    private Federation(FederationSpec spec, string directory, Timeline timeline)
    {
        Spec = spec;
        Timeline = timeline;
        Directory = directory;
        Pki = Path.Combine(directory, "pki");
        Cli = new Cli(Path.Combine(directory, "cli.log"));
        Hub = new HubParty(Path.Combine(directory, "hub"), Pki, spec.HubSettings);
        Nodes = spec.Members.ToDictionary(
            code => code,
            code => new NodeParty(code, Path.Combine(directory, "nodes", code), Pki, Hub.Address, spec.NodeSettings(code)),
            StringComparer.Ordinal);
    }

    public FederationSpec Spec { get; }

    /// <summary>Where the scenario marks its phases (<see cref="Harness.Timeline.Mark"/>).</summary>
    public Timeline Timeline { get; }

    public string Directory { get; }

    public string Pki { get; }

    public Cli Cli { get; }

    public HubParty Hub { get; }

    public IReadOnlyDictionary<string, NodeParty> Nodes { get; }

    public IEnumerable<ServiceProcess> Processes => Nodes.Values.Select(n => n.Process).Prepend(Hub.Process);

    /// <summary>Creates the PKI, the hub's database with every member enrolled, and each node's configuration; starts nothing.</summary>
    public static async Task<Federation> CreateAsync(FederationSpec spec, Timeline timeline, CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory($"hst-e2e-{spec.Name}-").FullName;
        var federation = new Federation(spec, directory, timeline);
        try
        {
            await federation.SetUpAsync(cancellationToken);
            return federation;
        }
        catch
        {
            await federation.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the hub and every node side by side (a node finds the hub when it listens); returns once all accept
    /// connections (each party fails its start when it holds a file watch).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(Nodes.Values.Select(n => n.StartAsync(cancellationToken)).Prepend(Hub.StartAsync(cancellationToken)));
        Timeline.Mark("started");
    }

    /// <summary>
    /// Stops every running process with SIGTERM (nodes first, then the hub), as a service manager would; fails when
    /// one needed SIGKILL after the grace period.
    /// </summary>
    public async Task StopAsync()
    {
        var nodes = await Task.WhenAll(Nodes.Values.Select(async n => (n.Code, Clean: await n.Process.StopAsync(StopGrace))));
        var hub = await Hub.Process.StopAsync(StopGrace);
        Timeline.Mark("stopped");
        var stuck = nodes.Where(n => !n.Clean).Select(n => n.Code).Concat(hub ? [] : ["hub"]).ToList();
        if (stuck.Count > 0)
        {
            throw new InvalidOperationException($"did not stop within {StopGrace.TotalSeconds:F0} s of SIGTERM: {string.Join(", ", stuck)}");
        }
    }

    /// <summary>Fails with the party's log tail when a process has exited on its own (neither killed nor stopped).</summary>
    public void ThrowIfAnyExited()
    {
        foreach (var process in Processes)
        {
            process.ThrowIfExited();
        }
    }

    /// <summary>The last lines of every party's log and of the command transcript, for a failing test's output.</summary>
    public string LogTails(int lines = 40)
    {
        var text = new StringBuilder();
        foreach (var process in Processes)
        {
            text.Append("----- ").Append(process.Name).Append(" (").Append(process.LogPath).AppendLine(") -----");
            text.AppendLine(LogTail.Read(process.LogPath, lines));
        }

        text.Append("----- commands (").Append(Cli.TranscriptPath).AppendLine(") -----");
        text.AppendLine(LogTail.Read(Cli.TranscriptPath, lines));
        return text.ToString();
    }

    /// <summary>Keeps the directory (databases, logs) after the test, for a failed run to be examined.</summary>
    public void Keep() => _keep = true;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Processes)
        {
            await process.KillAsync();
        }

        foreach (var node in Nodes.Values)
        {
            node.Dispose();
        }

        Hub.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_keep)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        await PkiTemplate.CopyToAsync(Pki, Spec.Members, Cli, cancellationToken);

        // The hub's database and each node's configuration are independent of one another: made side by side.
        var hub = Task.Run(
            async () =>
            {
                await Cli.RunCheckedAsync(Apphosts.Hub, ["init", .. Hub.Settings], cancellationToken);
                foreach (var code in Spec.Members)
                {
                    await Cli.RunCheckedAsync(Apphosts.Hub, ["enroll", code, "--party-dir", Path.Combine(Pki, "members", code), .. Hub.Settings], cancellationToken);
                }
            },
            cancellationToken);
        var nodes = Nodes.Values.Select(async node =>
        {
            await Cli.RunCheckedAsync(Apphosts.Node, ["init", "--config", node.ConfigPath, .. node.InitSettings], cancellationToken);
            await Cli.RunCheckedAsync(Apphosts.Node, node.Command(
                "agencies", "add", NodeParty.LoadAgency, "--name", "Load generator", "--submit", "yes", "--handling", "all", "--crime-types", "all"), cancellationToken);
        });
        await Task.WhenAll(nodes.Append(hub));
    }
}
