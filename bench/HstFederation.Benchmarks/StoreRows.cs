using System.Security.Cryptography;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Benchmarks;

/// <summary>
/// What the store benchmarks write: a 5 KB envelope (a 4 KB message sealed for a few recipients) from FR to
/// ten members, a receipt-sized blob instead of a signature (signing is measured with the primitives), and a
/// hub database in a temporary directory with the hub's schema and pragmas.
/// </summary>
internal sealed class StoreRows
{
    public const int EnvelopeBytes = 5 * 1024;
    public const int ReceiptBytes = 600;
    public const int FanOut = 10;

    private long _sequence;

    public StoreRows()
    {
        RandomNumberGenerator.Fill(Envelope);
        RandomNumberGenerator.Fill(Receipt);
    }

    public static PartyId Sender { get; } = PartyId.Member("FR");

    public static IReadOnlyList<PartyId> Recipients { get; } =
        CountryCodes.All.Where(c => c != Sender.Code).Order(StringComparer.Ordinal).Take(FanOut).Select(PartyId.Member).ToArray();

    public byte[] Envelope { get; } = new byte[EnvelopeBytes];

    public byte[] Receipt { get; } = new byte[ReceiptBytes];

    public static string NewDirectory() => Directory.CreateTempSubdirectory("hst-bench-store-").FullName;

    /// <summary>The next submission of the sender: a fresh message id, the next sequence.</summary>
    public Submission Next(IReadOnlyList<PartyId>? recipients = null)
    {
        var id = new byte[MessageIds.Size];
        RandomNumberGenerator.Fill(id);
        var now = BenchmarkFederation.Now.ToUnixTimeMilliseconds();
        return Submission.Create(Sender, id, Interlocked.Increment(ref _sequence), now, now + 86_400_000, Envelope, recipients ?? Recipients);
    }

    /// <summary>A writer connection with the pragmas of the hub's writer (the file is already WAL).</summary>
    public static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
