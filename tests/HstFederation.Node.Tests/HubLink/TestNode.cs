using Google.Protobuf;
using HstFederation.Entities;
using HstFederation.Hosting;
using HstFederation.Node.HubLink;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>One NCB node on a real SQLite file, linked to a <see cref="TestHub"/> over real mutual TLS.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    public static readonly HubLinkOptions DefaultOptions = new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        SubmitAttempts = 3,
        PollInterval = TimeSpan.FromMilliseconds(200),
    };

    private readonly TestHub _hub;
    private readonly HubLinkOptions _options;
    private readonly Grpc.Core.Interceptors.Interceptor? _interceptor;

    private CancellationTokenSource? _subscription;
    private Task? _subscriber;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<MatchingKey> _matchingKeys;

    /// <summary>Held while open, as `serve` holds it: `hst-node status` on this node's database sees a serve running.</summary>
    private ServeLock? _serving;

    private TestNode(
        TestHub hub, string code, string directory, TimeProvider time, HubLinkOptions options, Grpc.Core.Interceptors.Interceptor? interceptor, ILogger logger,
        IReadOnlyList<MatchingKey> matchingKeys, FederationTrust? trust)
    {
        _hub = hub;
        _logger = logger;
        _matchingKeys = matchingKeys;

        // A node on its own (skewed) clock judges times by that clock, as a real one does; others share the hub's trust.
        Trust = trust ?? (ReferenceEquals(time, hub.Time) ? hub.Trust : hub.Federation.CreateTrust(time));
        _options = options;
        _interceptor = interceptor;
        _time = time;
        Code = code;
        DirectoryPath = directory;
        Open();
    }

    public string Code { get; }

    public string Party => PartyId.Member(Code).Uri;

    public string DirectoryPath { get; }

    /// <summary>The federation root and CRL on this node's clock (the hub's trust when the node runs on the hub's clock).</summary>
    public FederationTrust Trust { get; }

    public NodeStore Store { get; private set; } = null!;

    public MemberDirectoryCache Directory { get; private set; } = null!;

    public OutboxSender Sender { get; private set; } = null!;

    public InboxSubscriber Subscriber { get; private set; } = null!;

    /// <summary>The order outbox's sender (lifecycle orders this node issued as a source), as `serve` runs it.</summary>
    public OrderSender Orders { get; private set; } = null!;

    /// <summary>This node's message credentials (signing, encryption), e.g. to issue lifecycle orders.</summary>
    public PartyCredentials Credentials { get; private set; } = null!;

    /// <summary>The node's one channel to the hub, shared by its sender, subscriber and directory cache.</summary>
    public HubConnection Connection { get; private set; } = null!;

    /// <summary>Fails this node's Submit calls on demand (kept across restarts); inert when another interceptor was given.</summary>
    public SubmitFaults Faults { get; } = new();

    /// <summary>
    /// A node on a new SQLite file; <paramref name="time"/> is the node's clock (the system clock unless given), and its
    /// hub link logs to <paramref name="logger"/> (nowhere unless given). With <paramref name="matchingKeys"/> its direct
    /// exchanges carry blind tokens under them, the current key first (as Node:MatchingKeyPath gives `serve`). With
    /// <paramref name="trust"/> the node judges certificates with its own root and CRL (e.g. a CRL that goes stale).
    /// </summary>
    public static TestNode Create(
        TestHub hub, string code, TimeProvider? time = null, HubLinkOptions? options = null, Grpc.Core.Interceptors.Interceptor? interceptor = null,
        ILogger? logger = null, IReadOnlyList<MatchingKey>? matchingKeys = null, FederationTrust? trust = null) =>
        new(hub, code, System.IO.Directory.CreateTempSubdirectory($"hst-node-{code}-").FullName, time ?? TimeProvider.System,
            options ?? DefaultOptions, interceptor, logger ?? NullLogger.Instance, matchingKeys ?? [], trust);

    /// <summary>Queues a realistic H1 message addressed to the members <paramref name="to"/>.</summary>
    public Task<EnqueuedMessage> EnqueueAsync(params string[] to) => EnqueueAsync(new Addressees { Members = { to } }, to);

    /// <summary>Queues a realistic H1 message with <paramref name="addressees"/>, sealed for the members <paramref name="recipients"/>.</summary>
    public async Task<EnqueuedMessage> EnqueueAsync(Addressees addressees, IReadOnlyList<string> recipients)
    {
        var now = _time.GetUtcNow();
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = addressees;
        message.Handling.HubMayRead = false;
        var item = new OutboxItem(
            MessageIds.NewId(now, SystemRandomSource.Instance), "operator:test", message.ToByteArray(), [.. recipients.Select(c => PartyId.Member(c).Uri)]);
        return await Store.EnqueueAsync(item);
    }

    public void StartSubscriber()
    {
        _subscription = new CancellationTokenSource();
        _subscriber = Task.Run(() => Subscriber.RunAsync(_subscription.Token));
    }

    public async Task StopSubscriberAsync()
    {
        if (_subscription is null || _subscriber is null)
        {
            return;
        }

        await _subscription.CancelAsync();
        await _subscriber;
        _subscription.Dispose();
        _subscription = null;
        _subscriber = null;
    }

    /// <summary>Stops everything and opens a new store and link on the same file, as a restarted node would.</summary>
    public async Task RestartAsync()
    {
        await CloseAsync();
        Open();
    }

    /// <summary>A backup of this node's database to <paramref name="file"/> as `hst-node backup` writes it, while it runs.</summary>
    public void BackupTo(string file)
    {
        var written = HstFederation.Storage.DatabaseBackup.Write(
            Path.Combine(DirectoryPath, "node.db"), file, HstFederation.Storage.DatabaseProgram.Node, Node.Audit.NodeAudit.Chain, _time);
        Assert.True(written.Audit.IsIntact);
    }

    /// <summary>
    /// Restores <paramref name="file"/> as docs/node.md "Restore" says: stop, move the database and its -wal and -shm aside,
    /// copy the backup in its place, start again.
    /// </summary>
    public async Task RestoreFromAsync(string file)
    {
        await CloseAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = Path.Combine(DirectoryPath, "node.db");
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(database + suffix))
            {
                File.Move(database + suffix, database + suffix + ".aside", overwrite: true);
            }
        }

        File.Copy(file, database);
        Open();
    }

    /// <summary>Restores <paramref name="file"/> with `hst-node restore` (docs/node.md, "Restore"): stopped, restored, started again.</summary>
    public async Task<Commands.CommandRun> RestoreByCommandAsync(string file, params string[] options)
    {
        await CloseAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var run = await Commands.CommandRun.RunAsync(["restore", file, $"--Node:DatabasePath={Path.Combine(DirectoryPath, "node.db")}", .. options]);
        Open();
        return run;
    }

    /// <summary>
    /// What the retention sweep does to a still-queued outbox row (LifecyclePurge: content gone, refused as purged before it
    /// was sent), from a connection of its own, as another task or process would, e.g. while a submit of it is out.
    /// </summary>
    public void PurgeAsTheSweepWould(long localId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DirectoryPath, "node.db")};Pooling=False");
        connection.Open();
        connection.Execute(
            """
            UPDATE outbox SET plaintext = X'', envelope = NULL, matching_tokens = NULL, purged_at_ms = 1, purge_cause = 'expired',
                reject_reason = 'Purged', reject_detail = 'purged (expired) before it was sent', state = 3
            WHERE local_id = $local AND state = 1;
            """,
            ("$local", localId));
    }

    public long Count(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }

    /// <summary>The inbox in the order this node stored it: sender, message id and the sender's sequence of each row.</summary>
    public IReadOnlyList<(string Sender, byte[] MessageId, long Sequence)> Inbox()
    {
        using var connection = Store.Database.OpenReadConnection();
        using var command = connection.Command("SELECT sender, message_id, sequence FROM inbox ORDER BY local_id;");
        using var reader = command.ExecuteReader();
        var rows = new List<(string, byte[], long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), (byte[])reader[1], reader.GetInt64(2)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(DirectoryPath, recursive: true);
    }

    private void Open()
    {
        var time = _time;
        // Free whenever Open runs (a new directory, or after Close), so the acquisition completes at once.
        _serving = ServeLock.AcquireAsync(Path.Combine(DirectoryPath, "node.db"), "hst-node", "Node:DatabasePath", time, CancellationToken.None).GetAwaiter().GetResult();
        Store = NodeStore.Open(Path.Combine(DirectoryPath, "node.db"), time);
        Connection = new HubConnection(_hub.Address, _hub.TlsCertificate(Code), Trust, _interceptor ?? Faults);
        // Loaded from the member's party directory as `serve` loads it, so a restart picks up renewed keys (TestHub.RenewKeys).
        var me = CredentialLoader.LoadPartyCredentials(_hub.MemberDirectory(Code), Trust);
        Directory = new MemberDirectoryCache(Connection, Trust, time, TimeSpan.FromMinutes(5), _logger);
        Sender = new OutboxSender(Connection, Store, Directory, me, Trust, time, _options, _logger, blindTokens: new BlindTokens(_matchingKeys, me.Party));
        Subscriber = new InboxSubscriber(Connection, Store, Directory, me, Trust, time, _options, _logger);
        Orders = new OrderSender(Connection, Store, Trust, time, _options, _logger);
        Credentials = me;
    }

    /// <summary>Stops the node as a stopped serve leaves it (its files closed, the serve lock free); once, however often called.</summary>
    public async Task CloseAsync()
    {
        if (_serving is null)
        {
            return;
        }

        await StopSubscriberAsync();
        Connection.Dispose();
        await Store.DisposeAsync();
        _serving?.Dispose();
        _serving = null;
    }
}
