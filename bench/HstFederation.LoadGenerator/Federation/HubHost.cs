using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using HstFederation.DevPki;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;
using HstFederation.Testing.Processes;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>
/// One scenario's hub: `hst-hub serve` as its own process on a fresh copy of the template database, real
/// mutual TLS on 127.0.0.1 with a free port below the kernel's ephemeral range (<see cref="FreePort"/>: kept across a
/// restart), the admin listener (plain HTTP /metrics, read for the store writer's counters) on a port the hub picks and
/// writes to a file, and logs at Warning. Ready once a member's health check over mutual TLS says Serving.
/// </summary>
internal sealed class HubHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly string _directory;
    private readonly string[] _settings;

    private HubHost(ChildProcess process, Uri address, int adminPort, string directory, string databasePath, string[] settings)
    {
        _process = process;
        Address = address;
        AdminPort = adminPort;
        _directory = directory;
        DatabasePath = databasePath;
        _settings = settings;
    }

    public Uri Address { get; }

    /// <summary>The admin listener's port on 127.0.0.1 (GET /metrics).</summary>
    public int AdminPort { get; }

    public int Pid => _process.Pid;

    public string DatabasePath { get; }

    public string OutputTail => _process.OutputTail;

    public static async Task<HubHost> StartAsync(BenchFederation federation, string directory, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "hub.db");
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(federation.TemplateDatabase + suffix))
            {
                File.Copy(federation.TemplateDatabase + suffix, database + suffix, overwrite: true);
            }
        }

        return await LaunchAsync(federation, directory, database, FreePort.Pick(), [.. settings], cancellationToken);
    }

    /// <summary>
    /// Ends this hub (SIGTERM as <see cref="StopAsync"/>, or SIGKILL when <paramref name="kill"/>: its connections drop
    /// under the calls) and starts `hst-hub serve` again on the same address and database, as a hub comes back after a
    /// restart or a crash. Dispose the returned host, not this one. The admin listener gets a new port (read
    /// <see cref="AdminPort"/> again).
    /// </summary>
    public async Task<HubHost> RestartAsync(BenchFederation federation, bool kill, CancellationToken cancellationToken)
    {
        await (kill ? _process.KillAsync() : _process.StopAsync());
        await _process.DisposeAsync();
        return await LaunchAsync(federation, _directory, DatabasePath, Address.Port, _settings, cancellationToken);
    }

    private static async Task<HubHost> LaunchAsync(
        BenchFederation federation, string directory, string database, int port, string[] settings, CancellationToken cancellationToken)
    {
        // Both written by the hub once it listens, the admin port's first. A port chosen here and released for the hub
        // to bind could be taken in between by any connection on the machine (seen in CI: "address already in use").
        var portFile = Path.Combine(directory, "hub.port");
        var adminPortFile = Path.Combine(directory, "hub.admin-port");
        File.Delete(portFile);
        File.Delete(adminPortFile);
        var pki = federation.PkiDirectory;
        var process = ChildProcess.Start("hst-hub serve", Executables.Hub(
        [
            "serve",
            $"--Hub:DatabasePath={database}",
            $"--Hub:CredentialsDirectory={FederationLayout.HubDirectory(pki)}",
            $"--Hub:RootCertificatePath={FederationLayout.RootCertificate(pki)}",
            $"--Hub:RevocationListPath={FederationLayout.RevocationList(pki)}",
            string.Create(CultureInfo.InvariantCulture, $"--Hub:Port={port}"),
            $"--Hub:PortFile={portFile}",
            "--Hub:AdminPort=0",
            $"--Hub:AdminPortFile={adminPortFile}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]));
        try
        {
            var bound = await process.WaitForPortAsync(portFile, StartTimeout, cancellationToken);
            var adminPort = PortFile.TryRead(adminPortFile, out var admin) ? admin : throw new InvalidOperationException($"hst-hub wrote no {adminPortFile}");
            var address = new Uri($"https://127.0.0.1:{bound}");
            await WaitUntilServingAsync(process, address, federation, cancellationToken);
            return new HubHost(process, address, adminPort, directory, database, settings);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public Task StopAsync() => _process.StopAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task WaitUntilServingAsync(ChildProcess process, Uri address, BenchFederation federation, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        using var channel = FederationChannels.Create(address, federation.Members[0].TlsCertificate, federation.Trust, PartyId.Hub);
        var health = new Health.HealthClient(channel);
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(5), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (elapsed.Elapsed < StartTimeout && !process.HasExited)
            {
                // Not answering yet.
            }

            if (process.HasExited || elapsed.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"hst-hub did not report Serving within {StartTimeout}:\n{process.OutputTail}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }
}
