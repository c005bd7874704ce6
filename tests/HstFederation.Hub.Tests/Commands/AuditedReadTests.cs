using HstFederation.Hub.Audit;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// The analyst's reads of who holds what — `hits`, `ledger`, `status`, `products list|runs` — each write exactly one audit
/// entry as the operator, naming what was asked and how many rows came back (never a hit's explanation, never content),
/// and show nothing when that entry cannot be written. On the harness's clock (2026-03-01 12:00:00Z).
/// </summary>
public sealed class AuditedReadTests : IAsyncLifetime, IDisposable
{
    private readonly CommandHarness _hub = CommandHarness.Create();

    public Task InitializeAsync() => _hub.InitAndEnrolAllAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Hits_EachRun_WritesOneListEntryAsTheOperator_WithTheFiltersAndCounts_NeverTheHits()
    {
        var rows = new HitRows(_hub.DatabasePath);
        var (fr, _) = rows.Message("FR");
        var (de, _) = rows.Message("DE");
        var (it, _) = rows.Message("IT");
        var now = _hub.Time.GetUtcNow();
        var newest = rows.Hit(fr, de, now.AddHours(-1));
        var older = rows.Hit(fr, it, now.AddHours(-2));
        var before = Entries();

        var filtered = await _hub.RunAsync("hits", "--since", "24h", "--member", "fr", "--kind", "person", "--limit", "1");
        var plain = await _hub.RunAsync("hits", "--json");

        Assert.True(filtered.ExitCode == 0, filtered.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        var added = Entries().Skip(before.Count).ToList();
        Assert.Equal(
            [
                (CommandContext.Actor, "list", false, "hits since=2026-02-28T12:00:00Z member=urn:hst:member:FR kind=person limit=1 returned=1 total=2"),
                (CommandContext.Actor, "list", false, "hits since=2026-02-22T12:00:00Z limit=50 returned=2 total=2"),
            ],
            added);
        foreach (var hit in new[] { newest, older })
        {
            Assert.DoesNotContain(Convert.ToHexStringLower(hit), added.Select(entry => entry.Detail));
        }

        Assert.DoesNotContain(added, entry => entry.Detail.Contains("agrees", StringComparison.Ordinal) || entry.Detail.Contains("LY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ledger_EachLook_WritesOneLedgerEntryUnderTheIdAsked_FoundNotHeldOrAmbiguous_AndLaterLedgersListIt()
    {
        var shared = NewId();
        var unknown = NewId();
        long frSequence;
        await using (var store = HubStore.Open(_hub.DatabasePath, _hub.Time))
        {
            frSequence = (await store.SubmitAsync(Make(FR, 1, shared, "from FR", IT, DE))).HubSequence;
            await store.SubmitAsync(Make(DE, 1, shared, "from DE", ES));
        }

        var before = Entries();
        var found = await _hub.RunAsync("ledger", MessageIds.Format(shared), "--sender", "FR");
        var ambiguous = await _hub.RunAsync("ledger", MessageIds.Format(shared));
        var notHeld = await _hub.RunAsync("ledger", MessageIds.Format(unknown));
        var again = await _hub.RunAsync("ledger", MessageIds.Format(shared), "--sender", "FR", "--json");

        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Equal(1, notHeld.ExitCode);
        var added = EntriesWithIds().Skip(before.Count).ToList();
        var frHolders = $"hub_sequence={frSequence} sender=urn:hst:member:FR holders=4 hits=0 audit=1";
        Assert.Equal(
            [
                (CommandContext.Actor, "ledger", Convert.ToHexString(shared), frHolders),
                (CommandContext.Actor, "ledger", Convert.ToHexString(shared), "ambiguous sources=2"),
                (CommandContext.Actor, "ledger", Convert.ToHexString(unknown), "not-held"),
                (CommandContext.Actor, "ledger", Convert.ToHexString(shared), $"hub_sequence={frSequence} sender=urn:hst:member:FR holders=4 hits=0 audit=2"),
            ],
            added);

        // The second look lists the first (it names FR's hub sequence), not the ambiguous one (which names no message).
        var listed = CommandHarness.Array(again.Json(), "audit").Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString())).ToList();
        Assert.Equal([("urn:hst:member:FR", "accept"), (CommandContext.Actor, "ledger")], listed);
    }

    [Fact]
    public async Task StatusAndProducts_EachRun_WritesOneListEntryWithWhatWasAskedAndHowManyRows()
    {
        var before = Entries();

        var status = await _hub.RunAsync("status", "--days", "60");
        var products = await _hub.RunAsync("products", "list", "--to", "DE", "--limit", "5");
        var runs = await _hub.RunAsync("products", "runs", "--json");

        Assert.Equal(HubCommandLine.Failure, status.ExitCode); // no serve on the harness's file: shown, and exit 1
        Assert.Contains("PENDING REVIEWS", status.Out, StringComparison.Ordinal);
        Assert.True(products.ExitCode == 0, products.ToString());
        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.Equal(
            [
                (CommandContext.Actor, "list", false, "status days=60 reviews=0 confirmations=0 expiries=0"),
                (CommandContext.Actor, "list", false, "products to=urn:hst:member:DE limit=5 returned=0"),
                (CommandContext.Actor, "list", false, "product-runs limit=20 returned=0"),
            ],
            Entries().Skip(before.Count).ToList());
    }

    [Theory]
    [InlineData("hits")]
    [InlineData("ledger")]
    [InlineData("status")]
    [InlineData("products list")]
    [InlineData("products runs")]
    public async Task Read_AuditEntryCannotBeWritten_ShowsNothing_ExitsOneSayingWhy_AndWritesNothing(string command)
    {
        var id = NewId();
        await using (var store = HubStore.Open(_hub.DatabasePath, _hub.Time))
        {
            await store.SubmitAsync(Make(FR, 1, id, "from FR", IT));
        }

        var pages = await FillToQuotaAsync();
        var before = Entries();
        string[] args = command == "ledger" ? ["ledger", MessageIds.Format(id)] : command.Split(' ');

        var result = await _hub.RunAsync([.. args, $"--Hub:MaxDatabasePages={pages}"]);

        Assert.Equal(HubCommandLine.Failure, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal(
            $"hst-hub {args[0]}: refused: this read could not be audited, so nothing was shown: {_hub.DatabasePath} cannot be written: its disk " +
            $"is full or it reached Hub:MaxDatabasePages ({pages} pages). Free space on that disk (or raise Hub:MaxDatabasePages) and run the " +
            $"command again.{Environment.NewLine}",
            result.Error);
        Assert.Equal(before, Entries());
        Assert.True(HubAudit.Verify(_hub.DatabasePath).IsIntact);
    }

    /// <summary>
    /// Appends the smallest entries a store at its current size (<c>max_page_count</c>, as Hub:MaxDatabasePages sets it) still
    /// takes until one no longer fits: every page is then in use and full, so any larger entry needs a page there is not.
    /// </summary>
    private async Task<long> FillToQuotaAsync()
    {
        var pages = _hub.Scalar("PRAGMA page_count;");
        await using var store = HubStore.Open(_hub.DatabasePath, _hub.Time, new HubStoreOptions { MaxPageCount = pages });
        for (var i = 0; i < 100_000; i++)
        {
            try
            {
                await store.AuditAsync("t", "t", null, string.Empty);
            }
            catch (StoreUnavailableException e) when (StorageFaults.IsDiskFull(e))
            {
                return pages;
            }
        }

        throw new InvalidOperationException("the audit log never filled the file");
    }

    private List<(string Actor, string Action, bool HasMessage, string Detail)> Entries() =>
        EntriesWithIds().Select(entry => (entry.Actor, entry.Action, entry.MessageId is not null, entry.Detail)).ToList();

    private List<(string Actor, string Action, string? MessageId, string Detail)> EntriesWithIds()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = _hub.DatabasePath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection.Query(
            "SELECT actor, action, message_id, detail FROM audit ORDER BY seq;",
            reader =>
            {
                var entries = new List<(string, string, string?, string)>();
                while (reader.Read())
                {
                    entries.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : Convert.ToHexString((byte[])reader[2]), reader.GetString(3)));
                }

                return entries;
            });
    }
}
