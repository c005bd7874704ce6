using System.Security.Cryptography;
using HstFederation.Node.Audit;
using HstFederation.Node.Search;
using HstFederation.Node.Storage;
using HstFederation.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Benchmarks;

/// <summary>
/// The SQLite primitive of the node's send: the rows the node writes for one message (Storage/OutboxTransactions:
/// enqueue with its sequence, addressees, search index and audit entry; the kept envelope; the accepted state with
/// the receipt and its audit entry) and the per-recipient sequence counts it reads before sealing — run raw on
/// prepared statements of one open writer connection of a node database (<see cref="NodeDatabase"/>: its schema,
/// WAL, <c>synchronous = FULL</c>, <c>foreign_keys = ON</c>), in the node's three transactions (three fsyncs).
/// Left out, as the node's own work: the writer's savepoints, the state look-ups (since `nodesend` the node makes
/// them only when its guarded update did not apply: a repeat, a conflict), the audit chain's two reads and hash (a
/// fixed hash is written), building the search index, the pending-row read. The rows are the node's, unchanged.
/// </summary>
internal sealed class NodeSendRows : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _begin, _commit, _allocate, _insertOutbox, _insertAddressee, _insertSummary, _insertCrimeType;
    private readonly SqliteCommand _insertEntity, _insertEntityText, _insertAudit, _countAccepted, _recordSealed, _markAccepted;
    private readonly byte[] _messageId = new byte[16];
    private readonly IReadOnlyList<string> _addressees;
    private readonly MessageIndex _index;
    private long _hubSequence;

    public NodeSendRows(string path, TimeProvider time, byte[] plaintext, IReadOnlyList<string> addressees, byte[] envelope, byte[] receipt)
    {
        _addressees = addressees;
        _index = MessageIndex.Of(plaintext);
        _connection = NodeDatabase.Open(path, time).OpenWriterConnection();
        var now = ("$now", (object?)time.GetUtcNow().ToUnixTimeMilliseconds());
        (string, object?) Local() => ("$local", 0L);
        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _allocate = Prepare("UPDATE sequence_state SET last_sequence = last_sequence + 1 WHERE id = 1 RETURNING last_sequence;");
        _insertOutbox = Prepare(
            """
            INSERT INTO outbox (message_id, sequence, actor, plaintext, envelope, created_at_ms, state, state_at_ms)
            VALUES ($id, $sequence, $actor, $plaintext, NULL, $now, 1, $now) RETURNING local_id;
            """,
            ("$id", _messageId), ("$sequence", 0L), ("$actor", BenchmarkNode.Actor), ("$plaintext", plaintext), now);
        _insertAddressee = Prepare("INSERT INTO outbox_addressees (local_id, addressee) VALUES ($local, $addressee);", Local(), ("$addressee", ""));
        _insertSummary = Prepare(
            """
            INSERT INTO message_summaries (box, local_id, parsed, handling_code, case_reference, case_title)
            VALUES ('outbox', $local, 1, $handling, $reference, $title);
            """,
            Local(), ("$handling", _index.HandlingCode), ("$reference", _index.CaseReference), ("$title", _index.CaseTitle));
        _insertCrimeType = Prepare("INSERT INTO message_crime_types (box, local_id, crime_type) VALUES ('outbox', $local, $type);", Local(), ("$type", 0));
        _insertEntity = Prepare(
            """
            INSERT INTO entities (box, local_id, kind, value, display, qualifier, path)
            VALUES ('outbox', $local, $kind, $value, $display, $qualifier, $path) RETURNING id;
            """,
            Local(), ("$kind", ""), ("$value", ""), ("$display", ""), ("$qualifier", null), ("$path", ""));
        _insertEntityText = Prepare("INSERT INTO entity_text (rowid, text) VALUES ($id, $text);", ("$id", 0L), ("$text", ""));
        _insertAudit = Prepare(
            """
            INSERT INTO audit (at_ms, actor, action, message_id, detail, prev_hash, hash)
            VALUES ($now, $actor, $action, $id, $detail, $hash, $hash);
            """,
            now, ("$actor", ""), ("$action", ""), ("$id", _messageId), ("$detail", ""), ("$hash", SHA256.HashData(_messageId)));
        _countAccepted = Prepare(
            "SELECT COUNT(*) FROM outbox_addressees a JOIN outbox o ON o.local_id = a.local_id WHERE a.addressee = $party AND o.state = 2;",
            ("$party", ""));
        _recordSealed = Prepare("UPDATE outbox SET envelope = $envelope WHERE local_id = $local;", ("$envelope", envelope), Local());
        _markAccepted = Prepare(
            "UPDATE outbox SET state = 2, state_at_ms = $now, receipt = $receipt, hub_sequence = $hub WHERE local_id = $local;",
            now, ("$receipt", receipt), ("$hub", 0L), Local());
    }

    /// <summary>One message: enqueue, the recipients' sequence counts, the kept envelope, the accepted state.</summary>
    public void WriteOneMessage()
    {
        RandomNumberGenerator.Fill(_messageId);
        _begin.ExecuteNonQuery();
        var sequence = (long)_allocate.ExecuteScalar()!;
        _insertOutbox.Parameters["$sequence"].Value = sequence;
        var localId = (long)_insertOutbox.ExecuteScalar()!;
        foreach (var addressee in _addressees)
        {
            Run(_insertAddressee, localId, ("$addressee", addressee));
        }

        WriteIndex(localId);
        Audit(BenchmarkNode.Actor, NodeAuditActions.Enqueue, $"local_id={localId} sequence={sequence} addressees={_addressees.Count}");
        _commit.ExecuteNonQuery();

        foreach (var addressee in _addressees)
        {
            _countAccepted.Parameters["$party"].Value = addressee;
            _ = (long)_countAccepted.ExecuteScalar()!;
        }

        _begin.ExecuteNonQuery();
        Run(_recordSealed, localId);
        _commit.ExecuteNonQuery();

        var hub = ++_hubSequence;
        _begin.ExecuteNonQuery();
        Run(_markAccepted, localId, ("$hub", hub));
        Audit("hub", NodeAuditActions.Accepted, $"local_id={localId} hub_sequence={hub}");
        _commit.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private void WriteIndex(long localId)
    {
        Run(_insertSummary, localId);
        foreach (var crimeType in _index.CrimeTypes)
        {
            Run(_insertCrimeType, localId, ("$type", crimeType));
        }

        foreach (var entity in _index.Entities)
        {
            _insertEntity.Parameters["$local"].Value = localId;
            _insertEntity.Parameters["$kind"].Value = entity.Kind.ToStorage();
            _insertEntity.Parameters["$value"].Value = entity.Value;
            _insertEntity.Parameters["$display"].Value = entity.Display;
            _insertEntity.Parameters["$qualifier"].Value = (object?)entity.Qualifier ?? DBNull.Value;
            _insertEntity.Parameters["$path"].Value = entity.Path;
            var id = (long)_insertEntity.ExecuteScalar()!;
            if (entity.FullText is { } text)
            {
                _insertEntityText.Parameters["$id"].Value = id;
                _insertEntityText.Parameters["$text"].Value = text;
                _insertEntityText.ExecuteNonQuery();
            }
        }
    }

    private void Audit(string actor, string action, string detail)
    {
        _insertAudit.Parameters["$actor"].Value = actor;
        _insertAudit.Parameters["$action"].Value = action;
        _insertAudit.Parameters["$detail"].Value = detail;
        _insertAudit.ExecuteNonQuery();
    }

    private static void Run(SqliteCommand command, long localId, (string Name, object Value)? other = null)
    {
        command.Parameters["$local"].Value = localId;
        if (other is { } parameter)
        {
            command.Parameters[parameter.Name].Value = parameter.Value;
        }

        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = _connection.Command(sql, parameters);
        _commands.Add(command);
        command.Prepare();
        return command;
    }
}
