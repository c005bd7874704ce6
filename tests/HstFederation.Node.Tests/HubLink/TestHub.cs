using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A real hub (copied from the hub tests' HubServer): the production HubApplication on real Kestrel with real
/// mutual TLS on 127.0.0.1, a real SQLite file and a development federation on disk. The hub's store is
/// internal to the hub, so enrolment and suspension reach it by reflection (tests only). The hub, its trust
/// and the nodes' <see cref="Trust"/> all run on one clock (<see cref="Time"/>), the system clock unless given.
/// </summary>
internal sealed class TestHub : IAsyncDisposable
{
    /// <summary>How long the federation's CRLs are current: long enough for tests that simulate weeks.</summary>
    public static readonly TimeSpan CrlValidity = TimeSpan.FromDays(30);

    private WebApplication? _app;

    private readonly string[] _settings;

    private TestHub(string directory, DevelopmentFederation federation, WebApplication app, TimeProvider time, string[] settings)
    {
        _settings = settings;
        DirectoryPath = directory;
        Federation = federation;
        _app = app;
        Time = time;
        Trust = federation.CreateTrust(time);
        Address = new Uri($"https://127.0.0.1:{HubApplication.BoundPort(app)}");
    }

    public string DirectoryPath { get; }

    public DevelopmentFederation Federation { get; }

    public TimeProvider Time { get; }

    /// <summary>The nodes' (and the tests') trust: the federation root and CRL on <see cref="Time"/>.</summary>
    public FederationTrust Trust { get; }

    public Uri Address { get; }

    private string DatabasePath => Path.Combine(DirectoryPath, "hub.db");

    private WebApplication Running => _app ?? throw new InvalidOperationException("The hub is stopped.");

    /// <param name="settings">Extra `--Hub:*` settings (e.g. a shorter SubmitWindow), kept for <see cref="StartAgainAsync"/>.</param>
    public static async Task<TestHub> StartAsync(TimeProvider? time = null, params string[] settings)
    {
        time ??= TimeProvider.System;
        var directory = Directory.CreateTempSubdirectory("hst-node-hub-").FullName;
        // Valid from an hour back, so that a node whose clock runs behind (clock-skew tests) still holds valid certificates.
        var pki = DevelopmentPki.Create(Encoding.ASCII.GetBytes("node-hublink-tests"), time.GetUtcNow().AddHours(-1));
        var federation = DevelopmentFederation.Create(pki, ["FR", "DE", "IT", "ES"], CrlValidity);
        federation.WriteTo(directory);
        var app = Build(directory, 0, time, settings);
        foreach (var member in federation.Members.Values)
        {
            await InvokeStoreAsync(app.Services, "UpsertMemberAsync",
                member.Party, MemberStatus.Active, member.Signing.CertificateDer, member.Encryption.CertificateDer, "test", CancellationToken.None);
        }

        await app.StartAsync();
        return new TestHub(directory, federation, app, time, settings);
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

    /// <summary>Starts a stopped hub again on the same port, database, credentials and clock.</summary>
    public async Task StartAgainAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The hub is running.");
        }

        var app = Build(DirectoryPath, Address.Port, Time, _settings);
        await app.StartAsync();
        _app = app;
    }

    public Task SetStatusAsync(string code, MemberStatus status) =>
        InvokeStoreAsync(Running.Services, "SetMemberStatusAsync", PartyId.Member(code), status, "test", CancellationToken.None);

    /// <summary>The hub store's quota in pages (SQLite keeps it at least at the current size: 1 means no page more).</summary>
    public Task SetMaxPageCountAsync(long pages) => InvokeStoreAsync(Running.Services, "SetMaxPageCountAsync", pages, CancellationToken.None);

    /// <summary>Defines region <paramref name="name"/> as exactly <paramref name="codes"/> in the member directory.</summary>
    public Task DefineRegionAsync(string name, params string[] codes) =>
        InvokeStoreAsync(Running.Services, "DefineRegionAsync", name, (IReadOnlyCollection<PartyId>)[.. codes.Select(PartyId.Member)], "test", CancellationToken.None);

    public X509Certificate2 TlsCertificate(string code) => Federation.Members[code].Tls.ToX509Certificate2();

    /// <summary>The hub's own message credentials (signing, encryption), e.g. to forge what a dishonest hub could sign.</summary>
    public PartyCredentials HubCredentials => Federation.Hub.ToCredentials(Trust);

    /// <summary>
    /// The running hub sends <paramref name="content"/> (a hit notification, an analytical product) to member
    /// <paramref name="code"/> as its own signed message (its HubOutbound, internal to the hub, hence reflection): sealed,
    /// numbered and queued for delivery in one commit. Returns the message's hub sequence.
    /// </summary>
    public async Task<long> SendAsHubAsync(string code, IMessage content)
    {
        var type = typeof(HubApplication).Assembly.GetType("HstFederation.Hub.Outbound.HubOutbound", throwOnError: true)!;
        var outbound = Running.Services.GetRequiredService(type);
        var task = (Task)type.GetMethod("SendAsync")!.Invoke(outbound, [PartyId.Member(code), content, CancellationToken.None])!;
        await task;
        var sent = task.GetType().GetProperty("Result")!.GetValue(task) ?? throw new InvalidOperationException($"The hub skipped its message to {code}.");
        return (long)sent.GetType().GetProperty("HubSequence")!.GetValue(sent)!;
    }

    /// <summary>The envelope the hub stores for the message at <paramref name="hubSequence"/>.</summary>
    public byte[] StoredEnvelope(long hubSequence)
    {
        using var connection = OpenDatabase();
        return (byte[])connection.Scalar("SELECT envelope FROM messages WHERE hub_sequence = $hub;", ("$hub", hubSequence))!;
    }

    public PartyCredentials Credentials(string code) => Federation.Members[code].ToCredentials(Trust);

    /// <summary>
    /// Revokes every certificate of member <paramref name="code"/> as of <paramref name="revokedAt"/> and loads a
    /// CRL issued now into the nodes' <see cref="Trust"/>. The running hub keeps the CRL it has (its file is not
    /// rewritten), as a hub that has not refreshed its revocation data yet would.
    /// </summary>
    public void RevokeForTheNodes(string code, DateTimeOffset revokedAt)
    {
        var pki = Federation.Pki;
        pki.Revoke(Federation.Members[code], revokedAt);
        var now = Time.GetUtcNow();
        Assert.True(Trust.UpdateRevocationList(pki.IssueCrl(now, now + CrlValidity).ToRevocationList()));
    }

    /// <summary>
    /// `hst-hub revoke CC --root-key … --party-dir … --yes` against the running hub's database, in-process (the command is
    /// internal to the hub, hence reflection): the member becomes Revoked and a new CRL naming its three certificates,
    /// revoked now, is written to the federation's CRL file. Neither the hub nor the nodes have re-read it yet.
    /// </summary>
    public Task<(int ExitCode, string Output)> RevokeAsync(string code) =>
        HubCommandAsync(
            "revoke", code, "--root-key", FederationLayout.RootPrivateKey(DirectoryPath), "--party-dir", FederationLayout.MemberDirectory(DirectoryPath, code),
            "--yes");

    /// <summary>Member <paramref name="code"/>'s party directory, written at start: what its node loads (<see cref="TestNode"/>, as `serve`).</summary>
    public string MemberDirectory(string code) => FederationLayout.MemberDirectory(DirectoryPath, code);

    /// <summary>
    /// Renews member <paramref name="code"/>'s signing and/or encryption certificate as its operator would (docs/node.md,
    /// "Renewing keys"): new keys, certified from now, replace the files in its party directory; the replaced encryption
    /// key moves to previous/<paramref name="keepPreviousAs"/>/ unless that is null. Neither the hub nor the node knows
    /// yet: <see cref="EnrollAsync"/> re-enrols the member, and the node picks its keys up when it restarts.
    /// </summary>
    public void RenewKeys(string code, bool signing, bool encryption, string? keepPreviousAs = "1")
    {
        var directory = MemberDirectory(code);
        var now = Time.GetUtcNow();
        var options = new CertificateOptions { NotBefore = now, NotAfter = now.AddDays(365) };
        if (signing)
        {
            var renewed = Federation.Pki.IssueSigning(PartyId.Member(code), options);
            File.WriteAllText(Path.Combine(directory, CredentialLoader.SigningCertificateFile), renewed.CertificatePem + "\n");
            File.WriteAllText(Path.Combine(directory, CredentialLoader.SigningKeyFile), renewed.PrivateKeyPem + "\n");
        }

        if (encryption)
        {
            if (keepPreviousAs is not null)
            {
                var previous = Path.Combine(directory, CredentialLoader.PreviousKeysDirectory, keepPreviousAs);
                Directory.CreateDirectory(previous);
                File.Copy(Path.Combine(directory, CredentialLoader.EncryptionCertificateFile), Path.Combine(previous, CredentialLoader.EncryptionCertificateFile));
                File.Copy(Path.Combine(directory, CredentialLoader.EncryptionKeyFile), Path.Combine(previous, CredentialLoader.EncryptionKeyFile));
            }

            var renewed = Federation.Pki.IssueEncryption(PartyId.Member(code), options);
            File.WriteAllText(Path.Combine(directory, CredentialLoader.EncryptionCertificateFile), renewed.CertificatePem + "\n");
            File.WriteAllText(Path.Combine(directory, CredentialLoader.EncryptionKeyFile), renewed.PrivateKeyPem + "\n");
        }
    }

    /// <summary>
    /// `hst-hub enroll CC --party-dir …` against the running hub's database, in-process (as <see cref="RevokeAsync"/>): the
    /// member's certificates become those of its party directory now.
    /// </summary>
    public Task<(int ExitCode, string Output)> EnrollAsync(string code) => HubCommandAsync("enroll", code, "--party-dir", MemberDirectory(code));

    /// <summary>An `hst-hub` command run in-process against this hub's database and the federation's root and CRL files.</summary>
    private async Task<(int ExitCode, string Output)> HubCommandAsync(params string[] command)
    {
        string[] args =
        [
            .. command,
            $"--Hub:DatabasePath={DatabasePath}",
            $"--Hub:RootCertificatePath={FederationLayout.RootCertificate(DirectoryPath)}",
            $"--Hub:RevocationListPath={FederationLayout.RevocationList(DirectoryPath)}",
        ];
        var type = typeof(HubApplication).Assembly.GetType("HstFederation.Hub.Commands.HubCommandLine", throwOnError: true)!;
        var run = type.GetMethod("RunAsync", [typeof(IReadOnlyList<string>), typeof(TextWriter), typeof(TextWriter), typeof(TimeProvider), typeof(CancellationToken)])!;
        using var output = new StringWriter();
        var exit = await (Task<int>)run.Invoke(null, [args, output, output, Time, CancellationToken.None])!;
        return (exit, output.ToString());
    }

    /// <summary>The running hub re-reads the CRL file now (as its refresher does every Hub:RevocationListRefresh).</summary>
    public void ReloadHubRevocationList()
    {
        var type = typeof(HubApplication).Assembly.GetType("HstFederation.Hub.Hosting.RevocationListRefresher", throwOnError: true)!;
        var refresher = Running.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Single(type.IsInstanceOfType);
        type.GetMethod("Reload", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(refresher, null);
    }

    /// <summary>
    /// Writes a CRL issued now and current for <paramref name="validity"/> (listing what was revoked so far) to the
    /// federation's CRL file, and the running hub re-reads it; the nodes' <see cref="Trust"/> keeps the CRL it has.
    /// </summary>
    public void InstallHubRevocationList(TimeSpan validity)
    {
        var now = Time.GetUtcNow();
        File.WriteAllText(FederationLayout.RevocationList(DirectoryPath), Federation.Pki.IssueCrl(now, now + validity).Pem + "\n");
        ReloadHubRevocationList();
    }

    /// <summary>The nodes' <see cref="Trust"/> re-reads the CRL file now (as a node does every Node:DirectoryRefresh).</summary>
    public void ReloadRevocationListForTheNodes()
    {
        var crl = RevocationList.Parse(File.ReadAllBytes(FederationLayout.RevocationList(DirectoryPath)), Trust.RootCertificateDer.Span);
        Assert.True(Trust.UpdateRevocationList(crl));
    }

    /// <summary>
    /// One turn of the running hub's retention schedule on <see cref="Time"/> (its RetentionWorker, internal to the hub,
    /// hence reflection): reviews what is due and expires every message whose date has come. Start the hub with
    /// `--Hub:Retention:Enabled=false` so that only the test runs it.
    /// </summary>
    public async Task RunRetentionAsync()
    {
        var type = typeof(HubApplication).Assembly.GetType("HstFederation.Hub.Retention.RetentionWorker", throwOnError: true)!;
        var worker = Running.Services.GetRequiredService(type);
        await (Task)type.GetMethod("RunOnceAsync", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(worker, [CancellationToken.None])!;
    }

    /// <summary>The head of the hub's audit chain: its last entry's seq and hash.</summary>
    public (long Entries, byte[] Hash) AuditHead()
    {
        using var connection = OpenDatabase();
        using var command = connection.Command("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;");
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(0), (byte[])reader[1]);
    }

    /// <summary>A copy of the stopped hub's database, as an operator's backup of it: <see cref="RestoreDatabase"/> puts it back.</summary>
    public void CopyDatabaseTo(string path)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("Stop the hub first.");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var connection = OpenDatabase())
        {
            connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        File.Copy(DatabasePath, path);
    }

    /// <summary>The stopped hub's database replaced by <paramref name="path"/> (a restore from a backup).</summary>
    public void RestoreDatabase(string path)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("Stop the hub first.");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(DatabasePath + "-wal");
        File.Delete(DatabasePath + "-shm");
        File.Copy(path, DatabasePath, overwrite: true);
    }

    /// <summary>`hst-hub restore <paramref name="backup"/>` on the stopped hub's database, in-process: what an operator runs.</summary>
    public Task<(int ExitCode, string Output)> RestoreWithCommandAsync(string backup)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("Stop the hub first.");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return HubCommandAsync("restore", backup);
    }

    /// <summary>A single integer <paramref name="sql"/> reads from the hub's database (a count).</summary>
    public long Count(string sql)
    {
        using var connection = OpenDatabase();
        return (long)connection.Scalar(sql)!;
    }

    /// <summary>The hub's sequence for <paramref name="sender"/>'s message <paramref name="messageId"/>.</summary>
    public long HubSequenceOf(string sender, byte[] messageId)
    {
        using var connection = OpenDatabase();
        return (long)connection.Scalar(
            "SELECT hub_sequence FROM messages WHERE sender = $sender AND message_id = $id;", ("$sender", sender), ("$id", messageId))!;
    }

    /// <summary>How many messages from <paramref name="sender"/> the hub accepted.</summary>
    public long MessagesFrom(string sender)
    {
        using var connection = OpenDatabase();
        return (long)connection.Scalar("SELECT COUNT(*) FROM messages WHERE sender = $sender;", ("$sender", sender))!;
    }

    /// <summary>
    /// The delivery receipts member <paramref name="code"/> acknowledged for the message at
    /// <paramref name="hubSequence"/>, one per envelope delivery, in cursor order (null where not yet acknowledged):
    /// where the hub keeps each, on the delivery row (its own messages, relays stored before migration 8) or in the
    /// relayed batch the row names (relayed_in), picked out by message id and recipient.
    /// </summary>
    public IReadOnlyList<byte[]?> AcknowledgedReceipts(string code, long hubSequence)
    {
        using var connection = OpenDatabase();
        using var command = connection.Command(
            """
            SELECT d.delivery_receipt, coalesce((SELECT b.receipts FROM relayed_receipts b WHERE b.cursor = r.cursor), r.delivery_receipt),
                   r.batched_receipts IS NOT NULL, m.message_id
            FROM deliveries d JOIN messages m ON m.hub_sequence = d.hub_sequence LEFT JOIN deliveries r ON r.cursor = d.relayed_in
            WHERE d.recipient = $recipient AND d.kind = 1 AND d.hub_sequence = $hub ORDER BY d.cursor;
            """,
            ("$recipient", PartyId.Member(code).Uri), ("$hub", hubSequence));
        using var reader = command.ExecuteReader();
        var receipts = new List<byte[]?>();
        while (reader.Read())
        {
            receipts.Add(
                !reader.IsDBNull(0) ? (byte[])reader[0]
                : reader.IsDBNull(1) ? null
                : !reader.GetBoolean(2) ? (byte[])reader[1]
                : InBatch((byte[])reader[1], PartyId.Member(code).Uri, (byte[])reader[3]));
        }

        return receipts;
    }

    /// <summary>The receipt in a relayed batch that <paramref name="recipient"/> signed for <paramref name="messageId"/>.</summary>
    private static byte[] InBatch(byte[] batch, string recipient, byte[] messageId) =>
        DeliveryReceiptBatch.Parser.ParseFrom(batch).Receipts
            .Single(receipt => DeliveryReceipt.Parser.ParseFrom(receipt.Statement) is var statement
                && statement.Recipient == recipient && statement.MessageId.Span.SequenceEqual(messageId))
            .ToByteArray();

    // What a compromised hub (or anyone with write access to its database) could do. The hub serves whatever
    // its store holds, over the real link; the nodes must notice.

    /// <summary>Replaces the stored envelope of the message at <paramref name="hubSequence"/> (every recipient gets the new bytes).</summary>
    public void ReplaceEnvelope(long hubSequence, Func<byte[], byte[]> change)
    {
        using var connection = OpenDatabase();
        var envelope = (byte[])connection.Scalar("SELECT envelope FROM messages WHERE hub_sequence = $hub;", ("$hub", hubSequence))!;
        Assert.Equal(1, connection.Execute(
            "UPDATE messages SET envelope = $envelope WHERE hub_sequence = $hub;", ("$envelope", change(envelope)), ("$hub", hubSequence)));
    }

    /// <summary>
    /// Lists <paramref name="der"/> as member <paramref name="code"/>'s encryption certificate in the registry and moves the
    /// directory serial on, so the next directory the hub signs carries it (restart the hub to drop its cached one).
    /// </summary>
    public void ReplaceEncryptionCertificate(string code, byte[] der)
    {
        using var connection = OpenDatabase();
        Assert.Equal(1, connection.Execute(
            "UPDATE members SET encryption_certificate = $der WHERE party = $party;", ("$der", der), ("$party", PartyId.Member(code).Uri)));
        Assert.Equal(1, connection.Execute("UPDATE directory_state SET serial = serial + 1 WHERE id = 1;"));
    }

    /// <summary>Replaces the stored signed bytes of the (single) lifecycle order the hub holds.</summary>
    public void ReplaceSignedOrders(Func<byte[], byte[]> change)
    {
        using var connection = OpenDatabase();
        var (orderId, signed) = connection.Query(
            "SELECT order_id, signed_order FROM lifecycle_orders;",
            reader => Assert.Single(Rows(reader)));
        Assert.Equal(1, connection.Execute(
            "UPDATE lifecycle_orders SET signed_order = $signed WHERE order_id = $order;", ("$signed", change(signed)), ("$order", orderId)));

        static List<(byte[], byte[])> Rows(SqliteDataReader reader)
        {
            var rows = new List<(byte[], byte[])>();
            while (reader.Read())
            {
                rows.Add(((byte[])reader[0], (byte[])reader[1]));
            }

            return rows;
        }
    }

    /// <summary>
    /// Queues the message at <paramref name="hubSequence"/> for member <paramref name="code"/> at a new cursor, whether
    /// or not it is addressed to it and whether or not it was delivered before (the hub's own "once per recipient"
    /// index is dropped first). Returns the new cursor. A subscriber sees it at its next read.
    /// </summary>
    public long InsertDelivery(string code, long hubSequence)
    {
        using var connection = OpenDatabase();
        connection.Execute("DROP INDEX IF EXISTS deliveries_envelope_once;");
        return (long)connection.Scalar(
            "INSERT INTO deliveries (recipient, kind, hub_sequence) VALUES ($recipient, 1, $hub) RETURNING cursor;",
            ("$recipient", PartyId.Member(code).Uri), ("$hub", hubSequence))!;
    }

    /// <summary>
    /// Queues <paramref name="receipts"/> for member <paramref name="code"/> as one relayed receipt batch
    /// (<c>Delivery.delivery_receipt_batch</c>) at a new cursor, the row the hub writes for the receipts one Acknowledge
    /// call newly stored for one source (migration 8): kind 2, the message at <paramref name="hubSequence"/>, relaying its
    /// first envelope delivery, <c>batched_receipts</c> their number. The relays of that message's deliveries to
    /// <paramref name="code"/> are removed first (not yet streamed: the member's subscriber must not have run since) and
    /// their deliveries' <c>relayed_in</c> names the batch instead, so the batch stands in for them. An empty batch, which
    /// the hub never writes, passes the column's CHECK only with the checks off, as in a store edited behind the hub's
    /// back. Returns the batch's cursor.
    /// </summary>
    public long InsertReceiptBatch(string code, long hubSequence, IReadOnlyList<SignedStatement> receipts)
    {
        using var connection = OpenDatabase();
        var recipient = PartyId.Member(code).Uri;
        connection.Execute("PRAGMA ignore_check_constraints = " + (receipts.Count == 0 ? "ON;" : "OFF;"));
        connection.Execute("BEGIN IMMEDIATE;");
        connection.Execute(
            """
            DELETE FROM relayed_receipts WHERE cursor IN (SELECT cursor FROM deliveries WHERE kind = 2 AND recipient = $recipient
                AND relays_cursor IN (SELECT cursor FROM deliveries WHERE kind = 1 AND hub_sequence = $hub));
            """,
            ("$recipient", recipient), ("$hub", hubSequence));
        var removed = connection.Query(
            """
            DELETE FROM deliveries WHERE kind = 2 AND recipient = $recipient
                AND relays_cursor IN (SELECT cursor FROM deliveries WHERE kind = 1 AND hub_sequence = $hub)
            RETURNING cursor;
            """,
            reader =>
            {
                var cursors = new List<long>();
                while (reader.Read())
                {
                    cursors.Add(reader.GetInt64(0));
                }

                return cursors;
            },
            ("$recipient", recipient), ("$hub", hubSequence));
        var cursor = (long)connection.Scalar(
            """
            INSERT INTO deliveries (recipient, kind, hub_sequence, delivery_receipt, relays_cursor, batched_receipts)
            VALUES ($recipient, 2, $hub, $batch, (SELECT min(cursor) FROM deliveries WHERE kind = 1 AND hub_sequence = $hub), $count)
            RETURNING cursor;
            """,
            ("$recipient", recipient), ("$hub", hubSequence), ("$batch", new DeliveryReceiptBatch { Receipts = { receipts } }.ToByteArray()),
            ("$count", (long)receipts.Count))!;
        foreach (var relay in removed)
        {
            connection.Execute("UPDATE deliveries SET relayed_in = $batch WHERE relayed_in = $relay;", ("$batch", cursor), ("$relay", relay));
        }

        connection.Execute("COMMIT;");
        return cursor;
    }

    /// <summary>Whether the delivery at <paramref name="cursor"/> has been acknowledged at the hub.</summary>
    public bool IsAcknowledged(long cursor)
    {
        using var connection = OpenDatabase();
        return (long)connection.Scalar("SELECT acked_at_ms IS NOT NULL FROM deliveries WHERE cursor = $cursor;", ("$cursor", cursor))! == 1;
    }

    /// <summary>The cursor of the last delivery the hub holds for member <paramref name="code"/> (0 for none).</summary>
    public long LastDeliveryCursor(string code)
    {
        using var connection = OpenDatabase();
        return (long)connection.Scalar("SELECT IFNULL(MAX(cursor), 0) FROM deliveries WHERE recipient = $recipient;", ("$recipient", PartyId.Member(code).Uri))!;
    }

    /// <summary>Removes member <paramref name="code"/>'s not yet delivered envelope delivery of the message at <paramref name="hubSequence"/>.</summary>
    public void DropDelivery(string code, long hubSequence)
    {
        using var connection = OpenDatabase();
        Assert.Equal(1, connection.Execute(
            "DELETE FROM deliveries WHERE recipient = $recipient AND kind = 1 AND hub_sequence = $hub;",
            ("$recipient", PartyId.Member(code).Uri), ("$hub", hubSequence)));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DirectoryPath, recursive: true);
    }

    private SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static WebApplication Build(string directory, int port, TimeProvider time, string[] settings)
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
            .. settings,
        ];
        return HubApplication.Build(args, time);
    }

    private static Task InvokeStoreAsync(IServiceProvider services, string method, params object[] args)
    {
        var type = typeof(HubApplication).Assembly.GetType("HstFederation.Hub.Storage.HubStore", throwOnError: true)!;
        var store = services.GetRequiredService(type);
        var info = type.GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!;
        return (Task)info.Invoke(store, args)!;
    }
}
