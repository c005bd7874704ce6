using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Net.Client;
using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Transport;
using HstFederation.Testing.Logging;
using Microsoft.AspNetCore.Builder;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// A real hub: the production <see cref="HubApplication"/> on real Kestrel with real mutual TLS on
/// 127.0.0.1 (a free port), a real SQLite file and a development federation written to disk.
/// </summary>
internal sealed class HubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<GrpcChannel> _channels = [];
    private string[] _extraArgs = [];
    private TimeProvider? _time;

    private HubServer(string directory, DevelopmentFederation federation, WebApplication app, int port)
    {
        Directory = directory;
        Federation = federation;
        _app = app;
        Port = port;
        Trust = federation.CreateTrust(TimeProvider.System);
    }

    public string Directory { get; }

    /// <summary>What the hub logged at Warning and above.</summary>
    public LogSink Logs { get; private init; } = new();

    public DevelopmentFederation Federation { get; }

    public int Port { get; }

    public FederationTrust Trust { get; }

    public Uri Address => new($"https://127.0.0.1:{Port}");

    /// <summary>The plain-HTTP admin listener (metrics) on 127.0.0.1.</summary>
    public int? AdminPort => global::HstFederation.Hub.Telemetry.AdminEndpoint.BoundPort(_app.Services);

    public IServiceProvider Services => _app.Services;

    public static string[] DefaultMembers { get; } = ["FR", "DE", "IT", "ES"];

    public static Task<HubServer> StartAsync(string[]? members = null, Action<DevelopmentFederation, string>? prepare = null, params string[] extraArgs) =>
        StartAsync(null, members, prepare, extraArgs);

    /// <summary>A hub on <paramref name="time"/> (e.g. a FakeTimeProvider that timers such as the product schedule follow).</summary>
    public static async Task<HubServer> StartAsync(TimeProvider? time, string[]? members = null, Action<DevelopmentFederation, string>? prepare = null, params string[] extraArgs)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-").FullName;
        var pki = DevelopmentPki.Create(Encoding.ASCII.GetBytes("hub-tests"), DateTimeOffset.UtcNow.AddMinutes(-5));
        var federation = DevelopmentFederation.Create(pki, members ?? DefaultMembers, TimeSpan.FromDays(7));
        federation.WriteTo(directory);
        prepare?.Invoke(federation, directory);
        return await StartInAsync(directory, federation, extraArgs, time);
    }

    /// <summary>
    /// Stops this hub as `serve` stops and starts a new one on the same files (database, federation, settings) on a
    /// new port; dispose the returned server, not this one. <paramref name="whileStopped"/> runs in between (an operator's
    /// `hst-hub restore`, which serve's lock refuses while it runs).
    /// </summary>
    public async Task<HubServer> RestartAsync(Func<Task>? whileStopped = null)
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (whileStopped is not null)
        {
            await whileStopped();
        }

        return await StartInAsync(Directory, Federation, _extraArgs, _time);
    }

    private static async Task<HubServer> StartInAsync(string directory, DevelopmentFederation federation, string[] extraArgs, TimeProvider? time)
    {
        var logs = new LogSink();
        var app = HubApplication.Build(HubArguments.For(directory, ["--Hub:AdminPort=0"], extraArgs), time, logs);
        await HubEnrolment.EnrolAllAsync(app.Services, federation);
        await app.StartAsync();
        return new HubServer(directory, federation, app, HubApplication.BoundPort(app)) { Logs = logs, _extraArgs = extraArgs, _time = time };
    }

    /// <summary>A Hub client authenticated as <paramref name="code"/> ("IPSG" for the hub itself).</summary>
    public Protocol.V1.Hub.HubClient Client(string code) => new(Channel(TlsCertificate(code)));

    public GrpcChannel Channel(X509Certificate2 clientCertificate)
    {
        var channel = FederationChannels.Create(Address, clientCertificate, Trust, PartyId.Hub);
        _channels.Add(channel);
        return channel;
    }

    public X509Certificate2 TlsCertificate(string code) => Issued(code).Tls.ToX509Certificate2();

    public IssuedParty Issued(string code) => code == PartyId.HubCode ? Federation.Hub : Federation.Members[code];

    public PartyCredentials Credentials(string code) => Issued(code).ToCredentials(Trust);

    /// <summary>Stops the hub as `serve` stops on SIGTERM (the files stay until disposal).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
