using System.Security.Cryptography.X509Certificates;
using HstFederation.Node.HubLink;
using HstFederation.Node.Sending;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Benchmarks;

/// <summary>
/// The sender's (FR) node as `hst-node serve` wires it (Hosting/NodeServices): its store on a real SQLite file,
/// one mutual-TLS channel to the hub, the member directory held after one fetch, the outbox sender with the
/// production hub-link options and the message submitter. Logs go nowhere; the submitter nudges nobody (no
/// sender loop runs: <see cref="SendAsync"/> runs the pass itself).
/// </summary>
internal sealed class BenchmarkNode : IAsyncDisposable
{
    public const string Actor = "operator:bench";

    private readonly X509Certificate2 _tlsCertificate;
    private readonly HubConnection _connection;
    private readonly MessageSubmitter _submitter;
    private readonly OutboxSender _sender;

    private BenchmarkNode(BenchmarkFederation federation, Uri hub, string databasePath)
    {
        var trust = federation.Pki.Trust;
        var options = new HubLinkOptions();
        Store = NodeStore.Open(databasePath, federation.Time);
        _tlsCertificate = federation.Pki.IssuedMember(BenchmarkFederation.SenderCode).Tls.ToX509Certificate2();
        _connection = new HubConnection(hub, _tlsCertificate, trust);
        Directory = new MemberDirectoryCache(_connection, trust, federation.Time, options.DirectoryRefresh, NullLogger.Instance);
        _sender = new OutboxSender(_connection, Store, Directory, federation.Sender, trust, federation.Time, options, NullLogger.Instance);
        _submitter = new MessageSubmitter(Store, Directory, federation.Sender.Party, federation.Time, SystemRandomSource.Instance);
    }

    public NodeStore Store { get; }

    public MemberDirectoryCache Directory { get; }

    /// <summary>A node on a new database at <paramref name="databasePath"/>, connected to <paramref name="hub"/>, holding its directory.</summary>
    public static async Task<BenchmarkNode> StartAsync(BenchmarkFederation federation, Uri hub, string databasePath, CancellationToken cancellationToken)
    {
        var node = new BenchmarkNode(federation, hub, databasePath);
        try
        {
            await node.Directory.RefreshAsync(cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Operator submit to receipt recorded: <see cref="MessageSubmitter.SubmitAsync(SendRequest, string, CancellationToken)"/> (validation, the durable outbox
    /// row), then one <see cref="OutboxSender.RunOnceAsync"/> pass, which seals, keeps the envelope, submits it, verifies
    /// the hub's receipt and records it. Throws unless the pass finished exactly this one message.
    /// </summary>
    public async Task<EnqueuedMessage> SendAsync(SendRequest request, CancellationToken cancellationToken)
    {
        var queued = await _submitter.SubmitAsync(request, Actor, cancellationToken).ConfigureAwait(false);
        var finished = await _sender.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        return finished == 1 ? queued : throw new InvalidOperationException($"The outbox pass finished {finished} messages, not 1 (a failed submit is logged nowhere here).");
    }

    /// <summary>How many outbox rows are not accepted (a rejected message also ends a pass; the benchmark checks for it).</summary>
    public long NotAccepted()
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar("SELECT COUNT(*) FROM outbox WHERE state <> 2;")!;
    }

    public async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        await Store.DisposeAsync().ConfigureAwait(false);
        _tlsCertificate.Dispose();
    }
}
