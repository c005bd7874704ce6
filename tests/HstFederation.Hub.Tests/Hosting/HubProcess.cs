using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Transport;
using Microsoft.Data.Sqlite;
using HstFederation.Testing.Processes;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// The hub as a separate OS process: `dotnet hst-hub.dll serve` (the hst-hub.dll copied next to the test
/// assembly) on a real SQLite file, real mutual TLS on 127.0.0.1, a new free port at every start (Port=0
/// and a PortFile). <see cref="KillAsync"/> is <see cref="Process.Kill()"/>, i.e. SIGKILL (kill -9) on
/// Linux: no shutdown code of the hub runs. Each start is a new <see cref="Generation"/> with its own
/// channels; a client that fails waits for the next one, as a node reconnects.
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private const int OutputLinesKept = 200;

    private readonly Lock _gate = new();
    private readonly List<Generation> _generations = [];
    private readonly Dictionary<string, X509Certificate2> _tlsCertificates = [];
    private readonly OutputTail _output = new(OutputLinesKept);
    private readonly string[] _args;
    private TaskCompletionSource<Generation> _next = NewSignal();
    private Generation? _current;
    private Process? _process;

    private HubProcess(string directory, DevelopmentFederation federation, string[] args)
    {
        Directory = directory;
        Federation = federation;
        Trust = federation.CreateTrust(TimeProvider.System);
        _args = args;
    }

    public string Directory { get; }

    /// <summary>Extra `--Hub:*` settings for the next starts (e.g. a storage quota); they come last, so they win.</summary>
    public List<string> StartArguments { get; } = [];

    /// <summary>Extra environment variables for the hub process (e.g. a GC heap limit), applied at each start.</summary>
    public Dictionary<string, string> EnvironmentVariables { get; } = new(StringComparer.Ordinal);

    public string DatabasePath => Path.Combine(Directory, "hub.db");

    public DevelopmentFederation Federation { get; }

    public FederationTrust Trust { get; }

    /// <summary>How many times a hub process was started.</summary>
    public int Starts { get; private set; }

    /// <summary>
    /// Writes a development federation and creates the database with every member enrolled, using the
    /// production builder in this process (not started); nothing runs until <see cref="StartAsync"/>.
    /// </summary>
    public static async Task<HubProcess> CreateAsync(string[] members, params string[] extraArgs)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-process-").FullName;
        var pki = DevelopmentPki.Create(Encoding.ASCII.GetBytes("hub-process-tests"), DateTimeOffset.UtcNow.AddMinutes(-5));
        var federation = DevelopmentFederation.Create(pki, members, TimeSpan.FromDays(7));
        federation.WriteTo(directory);
        var args = HubArguments.For(directory, ["--Hub:AdminPort=-1", $"--Hub:PortFile={Path.Combine(directory, "hub.port")}"], extraArgs);
        await using (var app = HubApplication.Build(args))
        {
            await HubEnrolment.EnrolAllAsync(app.Services, federation);
        }

        SqliteConnection.ClearAllPools();
        return new HubProcess(directory, federation, args);
    }

    public PartyCredentials Credentials(string code) =>
        (code == PartyId.HubCode ? Federation.Hub : Federation.Members[code]).ToCredentials(Trust);

    /// <summary>The last lines the hub processes wrote (stdout and stderr), for failure messages.</summary>
    public string OutputTail => _output.ToString();

    /// <summary>Starts `dotnet hst-hub.dll serve` and returns once its port file exists and a health check over mutual TLS says Serving.</summary>
    public async Task<Generation> StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_process is not null)
            {
                throw new InvalidOperationException("The hub process is already running.");
            }
        }

        var portFile = Path.Combine(Directory, "hub.port");
        File.Delete(portFile);
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in EnvironmentVariables)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hst-hub.dll"));
        info.ArgumentList.Add("serve");
        foreach (var arg in _args.Concat(StartArguments))
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _process = process;
        }

        var port = await WaitUntilServingAsync(process, portFile, cancellationToken);
        Generation generation;
        TaskCompletionSource<Generation> signal;
        lock (_gate)
        {
            Starts++;
            generation = new Generation(Starts, new Uri($"https://127.0.0.1:{port}"), this);
            _generations.Add(generation);
            _current = generation;
            signal = _next;
            _next = NewSignal();
        }

        signal.SetResult(generation);
        return generation;
    }

    /// <summary>SIGKILL: the process dies wherever it is (kill -9). Clients see their calls fail.</summary>
    public async Task KillAsync()
    {
        Process? process;
        lock (_gate)
        {
            _current?.MarkKilled();
            _current = null;
            process = _process;
            _process = null;
        }

        if (process is null)
        {
            return;
        }

        using (process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The running generation, or the next one to start.</summary>
    public Task<Generation> RunningAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _current is { } current ? Task.FromResult(current) : _next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Where to retry after a call to <paramref name="failed"/> failed: the next generation when it was
    /// killed; the same one after a short pause when it is still running (a transient error).
    /// </summary>
    public async Task<Generation> RetryAfterAsync(Generation failed, CancellationToken cancellationToken)
    {
        Task<Generation> next;
        bool stillRunning;
        lock (_gate)
        {
            next = _next.Task;
            stillRunning = ReferenceEquals(_current, failed);
        }

        if (stillRunning)
        {
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return await RunningAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        lock (_gate)
        {
            foreach (var generation in _generations)
            {
                generation.Dispose();
            }

            foreach (var certificate in _tlsCertificates.Values)
            {
                certificate.Dispose();
            }
        }

        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private X509Certificate2 TlsCertificate(string code)
    {
        lock (_gate)
        {
            if (!_tlsCertificates.TryGetValue(code, out var certificate))
            {
                certificate = Federation.Members[code].Tls.ToX509Certificate2();
                _tlsCertificates.Add(code, certificate);
            }

            return certificate;
        }
    }

    private async Task<int> WaitUntilServingAsync(Process process, string portFile, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var member = Federation.Members.Keys.First();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"hst-hub exited with {process.ExitCode} before serving:\n{OutputTail}");
            }

            if (elapsed.Elapsed > StartDeadline)
            {
                throw new TimeoutException($"hst-hub did not serve within {StartDeadline}:\n{OutputTail}");
            }

            if (PortFile.TryRead(portFile, out var port))
            {
                using var channel = FederationChannels.Create(new Uri($"https://127.0.0.1:{port}"), TlsCertificate(member), Trust, PartyId.Hub);
                try
                {
                    var reply = await new Health.HealthClient(channel).CheckAsync(
                        new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                    if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        return port;
                    }
                }
                catch (RpcException)
                {
                    // Not answering yet: poll again until the deadline.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }



    /// <summary>The dotnet host running these tests (so the hub runs on the same runtime), else "dotnet" from PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    private static TaskCompletionSource<Generation> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One run of the hub process: its address and the members' channels to it (disposed with the <see cref="HubProcess"/>).</summary>
    internal sealed class Generation(int number, Uri address, HubProcess owner) : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new();

        public int Number { get; } = number;

        public Uri Address { get; } = address;

        public bool Killed { get; private set; }

        /// <summary>A Hub client authenticated as member <paramref name="code"/> over this generation's channel.</summary>
        public Protocol.V1.Hub.HubClient Client(string code) => new(Channel(code));

        /// <summary>This generation's mutual-TLS channel as member <paramref name="code"/> (e.g. for the health service).</summary>
        public GrpcChannel Channel(string code) =>
            _channels.GetOrAdd(code, c => new Lazy<GrpcChannel>(() => FederationChannels.Create(Address, owner.TlsCertificate(c), owner.Trust, PartyId.Hub))).Value;

        public void MarkKilled() => Killed = true;

        public void Dispose()
        {
            foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
            {
                channel.Value.Dispose();
            }
        }
    }
}
