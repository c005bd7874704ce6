using System.Diagnostics;
using System.Security.Cryptography;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;
using HstFederation.LoadGenerator.Workload;
using Microsoft.Data.Sqlite;

namespace HstFederation.LoadGenerator.Baselines;

/// <summary>
/// Baseline (c): the hub's rows for a message written straight into a copy of the hub's template database
/// (same schema, indexes and triggers), on one connection with the hub writer's pragmas (WAL, which the file
/// keeps; <c>synchronous = FULL</c>; <c>foreign_keys = ON</c>): first one transaction per message (one fsync
/// each), then <see cref="BatchSize"/> messages per <c>BEGIN IMMEDIATE</c> transaction, the most the hub's
/// writer groups into one commit. Statements are prepared once and reused: this is the store's ceiling. Before
/// the timed writes, untimed, the scenario's warm-up messages are written one transaction each (at most
/// <see cref="SingleCommitMessages"/>): JIT, page cache and WAL settle as they did for the hub.
/// </summary>
internal static class SqliteBaseline
{
    /// <summary>HubStoreOptions.MaxBatchSize: the hub writer's largest group commit.</summary>
    public const int BatchSize = 256;

    private const int SingleCommitMessages = 200;
    private const int MaxRows = 200_000;

    public static SqliteFigures Run(MessagePlan plan, BenchFederation federation, string directory, int receiptBytes)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "baseline.db");
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(federation.TemplateDatabase + suffix))
            {
                File.Copy(federation.TemplateDatabase + suffix, path + suffix, overwrite: true);
            }
        }

        var fanOut = plan.Scenario.FanOut;
        var envelope = plan.TimedMessages.First().Request.Envelope.ToByteArray();
        var receipt = new byte[Math.Max(receiptBytes, 1)];
        var recipients = plan.Messages[0].Recipients.Select(r => federation.Members[r].Credentials.Party.Uri).ToArray();
        var sender = federation.Members[plan.Messages[0].Sender].Credentials.Party.Uri;
        var batched = Math.Max(BatchSize, Math.Min(plan.Scenario.Messages, MaxRows / (fanOut + 1)));

        using var writer = new RowWriter(path, sender, recipients, envelope, receipt);
        for (var i = 0; i < Math.Min(plan.Scenario.Warmup, SingleCommitMessages); i++)
        {
            writer.Transaction(1);
        }

        var commits = new List<double>(SingleCommitMessages);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < SingleCommitMessages; i++)
        {
            var commit = Stopwatch.GetTimestamp();
            writer.Transaction(1);
            commits.Add(Stopwatch.GetElapsedTime(commit).TotalMilliseconds);
        }

        var single = SingleCommitMessages / Stopwatch.GetElapsedTime(start).TotalSeconds;
        start = Stopwatch.GetTimestamp();
        for (var written = 0; written < batched; written += BatchSize)
        {
            writer.Transaction(Math.Min(BatchSize, batched - written));
        }

        var batchedRate = batched / Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new SqliteFigures
        {
            BatchSize = BatchSize,
            MessagesPerSecond = batchedRate,
            SingleCommitMessagesPerSecond = single,
            CommitMilliseconds = Percentiles.Summarize(commits).P50,
            Messages = batched,
        };
    }

    /// <summary>The two prepared inserts on the one writer connection.</summary>
    private sealed class RowWriter : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _message;
        private readonly SqliteCommand _delivery;
        private readonly string[] _recipients;
        private readonly byte[] _id = new byte[16];
        private long _sequence;

        public RowWriter(string path, string sender, string[] recipients, byte[] envelope, byte[] receipt)
        {
            _recipients = recipients;
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            _connection.Open();
            Execute("PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
            if (!string.Equals(Scalar("PRAGMA journal_mode;"), "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("The template database is not in WAL mode.");
            }

            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            _message = _connection.CreateCommand();
            _message.CommandText = """
                INSERT INTO messages (sender, message_id, sequence, envelope, envelope_sha256, created_at_ms, expires_at_ms, accepted_at_ms, receipt)
                VALUES ($sender, $id, $sequence, $envelope, $sha, $now, $now + 86400000, $now, $receipt)
                RETURNING hub_sequence;
                """;
            _message.Parameters.AddWithValue("$sender", sender);
            _message.Parameters.Add("$id", SqliteType.Blob);
            _message.Parameters.Add("$sequence", SqliteType.Integer);
            _message.Parameters.AddWithValue("$envelope", envelope);
            _message.Parameters.AddWithValue("$sha", SHA256.HashData(envelope));
            _message.Parameters.AddWithValue("$now", now);
            _message.Parameters.AddWithValue("$receipt", receipt);
            _message.Prepare();
            _delivery = _connection.CreateCommand();
            _delivery.CommandText = "INSERT INTO deliveries (recipient, kind, hub_sequence) VALUES ($recipient, 1, $hub);";
            _delivery.Parameters.Add("$recipient", SqliteType.Text);
            _delivery.Parameters.Add("$hub", SqliteType.Integer);
            _delivery.Prepare();
        }

        /// <summary>One BEGIN IMMEDIATE … COMMIT holding <paramref name="messages"/> messages and their delivery rows.</summary>
        public void Transaction(int messages)
        {
            Execute("BEGIN IMMEDIATE;");
            for (var m = 0; m < messages; m++)
            {
                RandomNumberGenerator.Fill(_id);
                _message.Parameters["$id"].Value = _id;
                _message.Parameters["$sequence"].Value = ++_sequence;
                var hub = (long)_message.ExecuteScalar()!;
                foreach (var recipient in _recipients)
                {
                    _delivery.Parameters["$recipient"].Value = recipient;
                    _delivery.Parameters["$hub"].Value = hub;
                    _delivery.ExecuteNonQuery();
                }
            }

            Execute("COMMIT;");
        }

        public void Dispose()
        {
            _message.Dispose();
            _delivery.Dispose();
            _connection.Dispose();
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private string? Scalar(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar() as string;
        }
    }
}
