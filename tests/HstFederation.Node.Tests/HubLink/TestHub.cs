using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A real hub (copied from the hub tests' HubServer): the production HubApplication on real Kestrel with real
/// mutual TLS on 127.0.0.1, a real SQLite file and a development federation on disk. The hub's store is
/// internal to the hub, so enrolment and suspension reach it by reflection (tests only).
/// </summary>
internal sealed class TestHub : IAsyncDisposable
{
    private WebApplication? _app;

    private TestHub(string directory, DevelopmentFederation federation, WebApplication app)
    {
        DirectoryPath = directory;
        Federation = federation;
        _app = app;
        Trust = federation.CreateTrust(TimeProvider.System);
        Address = new Uri($"https://127.0.0.1:{HubApplication.BoundPort(app)}");
    }

    public string DirectoryPath { get; }

    public DevelopmentFederation Federation { get; }

    public FederationTrust Trust { get; }

    public Uri Address { get; }

    private WebApplication Running => _app ?? throw new InvalidOperationException("The hub is stopped.");

    public static async Task<TestHub> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("hst-node-hub-").FullName;
        var pki = DevelopmentPki.Create(Encoding.ASCII.GetBytes("node-hublink-tests"), DateTimeOffset.UtcNow.AddMinutes(-5));
        var federation = DevelopmentFederation.Create(pki, ["FR", "DE", "IT", "ES"], TimeSpan.FromDays(7));
        federation.WriteTo(directory);
        var app = Build(directory, 0);
        foreach (var member in federation.Members.Values)
        {
            await InvokeStoreAsync(app.Services, "UpsertMemberAsync",
                member.Party, MemberStatus.Active, member.Signing.CertificateDer, member.Encryption.CertificateDer, "test", CancellationToken.None);
        }

        await app.StartAsync();
        return new TestHub(directory, federation, app);
    }

    /// <summary>Stops the hub (its port then refuses connections); the database and federation files stay.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts a stopped hub again on the same port, database and credentials.</summary>
    public async Task StartAgainAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The hub is running.");
        }

        var app = Build(DirectoryPath, Address.Port);
        await app.StartAsync();
        _app = app;
    }

    public Task SetStatusAsync(string code, MemberStatus status) =>
        InvokeStoreAsync(Running.Services, "SetMemberStatusAsync", PartyId.Member(code), status, "test", CancellationToken.None);

    public X509Certificate2 TlsCertificate(string code) => Federation.Members[code].Tls.ToX509Certificate2();

    public PartyCredentials Credentials(string code) => Federation.Members[code].ToCredentials(Trust);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DirectoryPath, recursive: true);
    }

    private static WebApplication Build(string directory, int port)
    {
        string[] args =
        [
            $"--Hub:DatabasePath={Path.Combine(directory, "hub.db")}",
            $"--Hub:CredentialsDirectory={Path.Combine(directory, "hub")}",
            $"--Hub:RootCertificatePath={Path.Combine(directory, "root", "root.crt.pem")}",
            $"--Hub:RevocationListPath={Path.Combine(directory, "federation.crl.pem")}",
            $"--Hub:Port={port}",
            "--Hub:AdminPort=0",
            "--Hub:RegistryRefresh=00:00:00",
            "--Logging:LogLevel:Default=Warning",
        ];
        return HubApplication.Build(args);
    }

    private static Task InvokeStoreAsync(IServiceProvider services, string method, params object[] args)
    {
        var type = typeof(HubApplication).Assembly.GetType("HstFederation.Hub.Storage.HubStore", throwOnError: true)!;
        var store = services.GetRequiredService(type);
        var info = type.GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!;
        return (Task)info.Invoke(store, args)!;
    }
}
