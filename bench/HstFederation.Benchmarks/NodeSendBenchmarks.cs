using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Grpc.Net.Client;
using HstFederation.Benchmarks.V1;
using HstFederation.Node.Sending;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Transport;
using Microsoft.Data.Sqlite;

namespace HstFederation.Benchmarks;

/// <summary>
/// The node's send path for one 4096-byte message to ten members (issue 6: within 1.3× the sum of its primitives),
/// from the operator's submit to the hub's receipt verified and recorded, against a stub hub in this process over
/// real mutual TLS 1.3 on loopback — next to its non-cryptographic primitives, measured here: the gRPC round trip
/// (a unary echo of the envelope over the same TLS) and the node's SQLite writes for one message done raw. The
/// cryptographic primitives come from PrimitiveBenchmarks and SizedPrimitiveBenchmarks (PerformanceReport).
/// Every iteration starts on a new database with one message sent untimed: the node counts each recipient's
/// earlier accepted messages before sealing, a read that grows with the outbox, so a database kept for the whole
/// run would make later iterations dearer than earlier ones (docs/performance.md, Method).
/// Warmed up for 200 iterations (3,200 sends), not the short job's 3: the path runs through thousands of methods
/// (the node, SQLite's ADO.NET layer, protobuf, gRPC, Kestrel and TLS on both sides), and tiered compilation with
/// dynamic PGO takes ≈ 2,000–3,000 sends on two cores to finish with them. After 3 warm-ups the send ran at
/// 6.3–9.4 ms and the echo at 0.47–0.58 ms, after 200 at 4.5–4.9 and 0.17–0.26 ms (docs/performance.md,
/// "The node (BenchmarkDotNet, NodeSendBenchmarks)"); a node that serves for days runs the warm code.
/// </summary>
[BenchmarkCategory("NodeSend")]
[InvocationCount(SendsPerIteration)]
[WarmupCount(WarmupIterations)]
public class NodeSendBenchmarks
{
    public const int SendsPerIteration = 16;

    public const int WarmupIterations = 200;

    /// <summary>Real time: a retry in the node's pipeline would otherwise wait on the fixture's frozen clock forever.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private CancellationTokenSource _cancel = null!;
    private BenchmarkFederation _federation = null!;
    private string _directory = string.Empty;
    private int _databases;
    private StubHub _hub = null!;
    private SendRequest _request = null!;
    private OutboxEntry _sent = null!;
    private BenchmarkNode? _node;
    private NodeSendRows? _rows;
    private X509Certificate2 _echoCertificate = null!;
    private GrpcChannel _echoChannel = null!;
    private NodeSendEcho.NodeSendEchoClient _echo = null!;
    private Payload _payload = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(SealAndSubmit))]
    public void NewNode() => NewNodeAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(RawSqlite))]
    public void NewRawDatabase()
    {
        _rows?.Dispose();
        _rows = new NodeSendRows(NewDatabasePath(), _federation.Time, _sent.Plaintext, _sent.Addressees, _sent.Envelope!, _sent.Receipt!);
        _rows.WriteOneMessage();
    }

    [Benchmark(Description = "Node: submit, then one outbox pass (seal, Submit, receipt verified and recorded)")]
    public async Task<long> SealAndSubmit()
    {
        _cancel.CancelAfter(Timeout);
        return (await _node!.SendAsync(_request, _cancel.Token).ConfigureAwait(false)).LocalId;
    }

    [Benchmark(Description = "gRPC unary echo of the envelope over the same mutual TLS")]
    public async Task<Payload> GrpcEcho()
    {
        _cancel.CancelAfter(Timeout);
        return await _echo.EchoAsync(_payload, cancellationToken: _cancel.Token).ConfigureAwait(false);
    }

    [Benchmark(Description = "Raw SQLite: the node's rows for one message (3 transactions)")]
    public void RawSqlite() => _rows!.WriteOneMessage();

    private async Task SetupAsync()
    {
        _federation = BenchmarkFederation.Instance;
        _cancel = new CancellationTokenSource(Timeout);
        _directory = Directory.CreateTempSubdirectory("hst-bench-node-").FullName;
        _hub = await StubHub.StartAsync(_federation.Pki, _federation.Pki.MemberCodes);
        _request = NodeSendShape.Request(_federation);

        // Fail the setup, not the measurement, if a send does not end with the hub's receipt recorded. The
        // message as the node stored it (plaintext, envelope, receipt) is what the primitives below use.
        var first = await NewNodeAsync();
        _sent = await _node!.Store.GetOutboxAsync(first.LocalId, _cancel.Token) ?? throw new InvalidOperationException("The first message is not in the outbox.");

        // The echo client connects as the node does (FederationChannels, FR's TLS certificate, only the hub accepted).
        _echoCertificate = _federation.Pki.IssuedMember(BenchmarkFederation.SenderCode).Tls.ToX509Certificate2();
        _echoChannel = FederationChannels.Create(_hub.Address, _echoCertificate, _federation.Pki.Trust, PartyId.Hub);
        _echo = new NodeSendEcho.NodeSendEchoClient(_echoChannel);
        _payload = new Payload { Data = ByteString.CopyFrom(_sent.Envelope) };
        await _echo.EchoAsync(_payload, cancellationToken: _cancel.Token);
    }

    /// <summary>Closes the node (after checking that all it sent was accepted) and starts one on a new database, which sends one message.</summary>
    private async Task<EnqueuedMessage> NewNodeAsync()
    {
        await CloseNodeAsync();
        _node = await BenchmarkNode.StartAsync(_federation, _hub.Address, NewDatabasePath(), _cancel.Token);
        var first = await _node.SendAsync(_request, _cancel.Token);
        CheckAccepted(_node);
        return first;
    }

    private async Task CloseNodeAsync()
    {
        if (_node is { } node)
        {
            CheckAccepted(node);
            await node.DisposeAsync();
            _node = null;
        }
    }

    /// <summary>A rejected message also ends an outbox pass; every message must have ended accepted.</summary>
    private static void CheckAccepted(BenchmarkNode node)
    {
        if (node.NotAccepted() is var failed and > 0)
        {
            throw new InvalidOperationException($"{failed} outbox message(s) did not end accepted.");
        }
    }

    private string NewDatabasePath() => Path.Combine(_directory, $"node-{++_databases}.db");

    private async Task CleanupAsync()
    {
        _rows?.Dispose();
        _echoChannel.Dispose();
        _echoCertificate.Dispose();
        await CloseNodeAsync();
        await _hub.DisposeAsync();
        _cancel.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
