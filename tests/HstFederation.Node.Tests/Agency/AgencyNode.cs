using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using Grpc.Net.Client;
using HstFederation.DevPki;
using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The FR node as `serve` builds it (NodeApplication): real Kestrel with the agency listener on 127.0.0.1:0,
/// real mutual TLS 1.3 with certificates from FR's development national CA, a real SQLite file, and the hub
/// link to a real in-process <see cref="TestHub"/>. Clients trust only the national CA (no callbacks).
/// </summary>
internal sealed class AgencyNode : IAsyncDisposable
{
    public const string Operator = "operator:test";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _nationalRoot;
    private readonly string[] _settings;
    private readonly TimeProvider _time;
    private bool _restarted;

    private AgencyNode(TestHub hub, string directory, NationalAuthority national, WebApplication app, LogSink log, TimeProvider time, string[] settings)
    {
        _time = time;
        _settings = settings;
        Hub = hub;
        DirectoryPath = directory;
        National = national;
        _app = app;
        Log = log;
        _nationalRoot = X509CertificateLoader.LoadCertificate(national.RootCertificateDer);
        Port = NodeApplication.BoundAgencyPort(app);
        Store = app.Services.GetRequiredService<NodeStore>();
    }

    public TestHub Hub { get; }

    public string DirectoryPath { get; }

    public NationalAuthority National { get; }

    public LogSink Log { get; }

    /// <summary>The node's services as `serve` registered them.</summary>
    public IServiceProvider Services => _app.Services;

    public int Port { get; }

    public Uri Address => new($"https://127.0.0.1:{Port}");

    public NodeStore Store { get; }

    public string Party => PartyId.Member("FR").Uri;

    /// <param name="settings">Extra `--Node:*` settings, after the others (so they win).</param>
    public static Task<AgencyNode> StartAsync(TestHub hub, params string[] settings) => StartAsync(hub, TimeProvider.System, settings);

    /// <summary>As <see cref="StartAsync(TestHub, string[])"/>, with the node on <paramref name="time"/> (the hub's fake clock, to share it).</summary>
    public static Task<AgencyNode> StartAsync(TestHub hub, TimeProvider time, params string[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("hst-node-agency-").FullName;
        var national = NationalAuthority.Create(Encoding.ASCII.GetBytes("node agency tests"), "FR", DateTimeOffset.UtcNow.AddMinutes(-5));
        var nationalDirectory = Path.Combine(directory, "national");
        national.WriteTo(nationalDirectory);
        national.IssueServer().WriteTo(Path.Combine(nationalDirectory, "server.crt.pem"), Path.Combine(nationalDirectory, "server.key.pem"));
        return StartAsync(hub, directory, national, time, settings);
    }

    /// <summary>
    /// Stops this node (a shutdown, as `serve` ends; its directory stays) and starts `serve` again on the same database,
    /// certificates and settings. Dispose the returned node; disposing this one afterwards only releases what it holds.
    /// </summary>
    public async Task<AgencyNode> RestartAsync()
    {
        _restarted = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return await StartAsync(Hub, DirectoryPath, National, _time, _settings);
    }

    private static async Task<AgencyNode> StartAsync(TestHub hub, string directory, NationalAuthority national, TimeProvider time, string[] settings)
    {
        var nationalDirectory = Path.Combine(directory, "national");
        var federation = hub.DirectoryPath;
        string[] args =
        [
            $"--Node:DatabasePath={Path.Combine(directory, "node.db")}",
            $"--Node:CredentialsDirectory={Path.Combine(federation, "members", "FR")}",
            $"--Node:RootCertificatePath={Path.Combine(federation, "root", "root.crt.pem")}",
            $"--Node:RevocationListPath={Path.Combine(federation, "federation.crl.pem")}",
            $"--Node:HubAddress={hub.Address}",
            "--Node:RetryDelay=00:00:00.050",
            "--Node:MaxRetryDelay=00:00:00.500",
            "--Node:OutboxPollInterval=00:00:00.200",
            "--Node:AgencyPort=0",
            $"--Node:AgencyRootCertificatePath={Path.Combine(nationalDirectory, "root.crt.pem")}",
            $"--Node:AgencyCertificatePath={Path.Combine(nationalDirectory, "server.crt.pem")}",
            $"--Node:AgencyPrivateKeyPath={Path.Combine(nationalDirectory, "server.key.pem")}",
            "--Node:AgencyWatchRecheck=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var log = new LogSink();
        var app = NodeApplication.Build(args, time, log);
        await app.StartAsync();
        return new AgencyNode(hub, directory, national, app, log, time, settings);
    }

    /// <summary>Registers an agency (default deny unless a scope is given) and issues its client certificate.</summary>
    public async Task<TestAgency> RegisterAsync(string name, AgencyScope? scope = null)
    {
        var record = await Store.AddAgencyAsync(new NewAgency(name, name + " (test)", AgencyId.Create("FR", name), scope), Operator);
        return new TestAgency(record, National.IssueAgency(name).ToX509Certificate2());
    }

    /// <summary>A gRPC client presenting <paramref name="certificate"/> (or none), trusting only the national CA.</summary>
    public AgencyGateway.AgencyGatewayClient Grpc(X509Certificate2? certificate, out GrpcChannel channel)
    {
        var handler = Handler(certificate);
        try
        {
            channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        }
        catch
        {
            handler.Dispose();
            throw;
        }

        return new AgencyGateway.AgencyGatewayClient(channel);
    }

    /// <summary>An HTTP client (HTTP/1.1, JSON) presenting <paramref name="certificate"/>, trusting only the national CA.</summary>
    public HttpClient Http(X509Certificate2? certificate, SslProtocols protocols = SslProtocols.Tls13)
    {
#pragma warning disable CA2000 // the HttpClient owns the handler (disposeHandler: true)
        var client = new HttpClient(Handler(certificate, protocols), disposeHandler: true);
#pragma warning restore CA2000
        client.BaseAddress = Address;
        client.DefaultRequestVersion = System.Net.HttpVersion.Version11;
        return client;
    }

    /// <summary>Stores a verified-looking delivery in the inbox as the hub link would (the post-commit signal fires).</summary>
    public async Task<byte[]> ReceiveAsync(HstMessage message, string sender = "urn:hst:member:DE")
    {
        var id = MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        var sequence = Interlocked.Increment(ref _sequence);
        var item = new ReceivedEnvelope(sender, id, sequence, new byte[32], [0x0A, 0x00], message.ToByteArray(), 0);
        Assert.True((await Store.StoreReceivedAsync(item)).IsNew);
        return id;
    }

    /// <summary>The outbox row of <paramref name="messageId"/>, or null.</summary>
    public async Task<OutboxEntry?> OutboxAsync(byte[] messageId) => (await Store.FindByMessageIdAsync(messageId)).Outbox?.Entry;

    public async ValueTask DisposeAsync()
    {
        if (_restarted)
        {
            _nationalRoot.Dispose();
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _nationalRoot.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DirectoryPath, recursive: true);
    }

    private long _sequence;

    private SocketsHttpHandler Handler(X509Certificate2? certificate, SslProtocols protocols = SslProtocols.Tls13) =>
        AgencyChannels.Handler(_nationalRoot, certificate, protocols);
}
