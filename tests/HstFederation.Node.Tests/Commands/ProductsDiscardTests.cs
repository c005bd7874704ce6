using System.Globalization;
using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node products discard`: a product left unrecorded at upgrade (no purge of a source can reach it) is removed by the
/// operator — its content purged as 'discarded', audited, the WAL truncated — and nothing else is.
/// </summary>
public sealed class ProductsDiscardTests : IAsyncLifetime
{
    private const string Canary = "Ghat fuel depot 5d2e";
    private readonly AnalyticalProduct _kept = HubProducts.Network("FR", "Sabratha boat yard");
    private readonly AnalyticalProduct _failsCheck = HubProducts.Network("FR", Canary);
    private readonly byte[] _unparseable = HubProducts.NewId();
    private TempNodeStore _temp = null!;
    private long _failsCheckRow;
    private long _failsCheckRepeatRow;
    private long _unparseableRow;
    private long _unparseableRepeatRow;
    private long _messageRow;
    private long _keptRepeatRow;

    public Task InitializeAsync()
    {
        // Its kind says corridor, its report is a network: it parses, but no longer passes the check.
        _failsCheck.Kind = ProductKind.Corridor;
        _temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = Version13File.Create(path, time);
            Version13File.InsertProductRow(connection, _kept.ProductId.ToByteArray(), Version13File.InsertFromHub(connection, _kept, 1));
            _failsCheckRow = Version13File.InsertFromHub(connection, _failsCheck, 2);
            Version13File.InsertProductRow(connection, _failsCheck.ProductId.ToByteArray(), _failsCheckRow);
            // A second envelope of the same product (a repeat): no products row of its own.
            _failsCheckRepeatRow = Version13File.InsertFromHub(connection, _failsCheck, 3);
            _unparseableRow = Version13File.InsertRaw(connection, [0xFF, 0xFF, 0xFF], AnalyticalProduct.Descriptor.FullName, 4);
            Version13File.InsertProductRow(connection, _unparseable, _unparseableRow);
            // A repeated copy whose content no longer parses: nothing says which product it is.
            _unparseableRepeatRow = Version13File.InsertRaw(connection, [0xFE, 0xFF], AnalyticalProduct.Descriptor.FullName, 5);
            _messageRow = Version13File.InsertRaw(connection, [0x0A, 0x00], "hst.v1.HstMessage", 6);
            // A repeat of the recorded product that no longer passes the check: the product stays recorded, this copy not.
            var keptRepeat = _kept.Clone();
            keptRepeat.Kind = ProductKind.Corridor;
            _keptRepeatRow = Version13File.InsertFromHub(connection, keptRepeat, 7);
        });
        Assert.Equal(5, _temp.Store.Database.UnrecordedAtOpen);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task Discard_WithoutYes_SaysWhatWouldGo_ExitsTwo_AndChangesNothing()
    {
        var id = IntelligenceIds.Format(_failsCheck.ProductId.ToByteArray());

        var preview = await RunAsync("products", "discard", id);
        var json = await RunAsync("products", "discard", id, "--json");

        Assert.True(preview.ExitCode == NodeCommandLine.BadArguments, preview.ToString());
        Assert.Contains(
            $"Would discard product {id}: its copies in inbox rows {Number(_failsCheckRow)}, {Number(_failsCheckRepeatRow)}, left unrecorded at upgrade, " +
            "would lose its content for good (cause discarded)", preview.Out, StringComparison.Ordinal);
        Assert.Equal("hst-node products: nothing changed; add --yes to discard it.", preview.Error.Trim());
        Assert.Equal(NodeCommandLine.BadArguments, json.ExitCode);
        using (var document = JsonDocument.Parse(json.Out))
        {
            Assert.False(document.RootElement.GetProperty("discarded").GetBoolean());
            Assert.Equal([_failsCheckRow, _failsCheckRepeatRow], document.RootElement.GetProperty("inboxLocalIds").EnumerateArray().Select(e => e.GetInt64()));
        }

        Assert.Equal(5, (await _temp.Store.StatusAsync()).UnrecordedProducts);
        Assert.Equal(0, _temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'discard';"));
        Assert.Equal(0, _temp.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
    }

    [Fact]
    public async Task Discard_WithYes_PurgesEveryUnrecordedCopyOfTheProduct_AsDiscarded_Audited_LeavingNoTrace_AndStatusStopsCountingIt()
    {
        var id = IntelligenceIds.Format(_failsCheck.ProductId.ToByteArray());
        Assert.True(DatabaseFiles.Contain(_temp.DatabasePath, Canary));
        // Another connection on the WAL (it has read), as 'serve' keeps one: the command's store closing is then not the
        // file's last close, which would checkpoint the WAL whatever the discard did.
        using var serve = _temp.Raw();
        Assert.Equal(7L, serve.Scalar("SELECT COUNT(*) FROM inbox;"));

        var discard = await RunAsync("products", "discard", id, "--yes");

        Assert.True(discard.ExitCode == NodeCommandLine.Success, discard.ToString());
        Assert.Contains(
            $"Discarded product {id}: its copies in inbox rows {Number(_failsCheckRow)}, {Number(_failsCheckRepeatRow)} emptied (cause discarded), audited",
            discard.Out, StringComparison.Ordinal);
        Assert.Equal(2, _temp.Count(
            $"SELECT COUNT(*) FROM inbox WHERE local_id IN ({_failsCheckRow}, {_failsCheckRepeatRow}) AND purge_cause = 'discarded' AND length(plaintext) = 0 AND length(envelope) = 0;"));
        Assert.Equal(2, _temp.Count(
            $"SELECT COUNT(*) FROM audit WHERE action = 'discard' AND actor LIKE 'operator:%' AND detail LIKE 'product inbox=% product={id} cause=discarded';"));
        // Its products row stays for the ledger; the others are untouched.
        Assert.Equal(3, _temp.Count("SELECT COUNT(*) FROM products;"));
        Assert.Equal(2, _temp.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
        Assert.Equal(3, (await _temp.Store.StatusAsync()).UnrecordedProducts);
        // As every purge: neither the file nor its WAL keeps the content.
        Assert.False(DatabaseFiles.Contain(_temp.DatabasePath, Canary));

        var list = await RunAsync("products");
        Assert.Contains("purged: discarded", Line(list.Out, _failsCheck.ProductId.ToByteArray()), StringComparison.Ordinal);
        var show = await RunAsync("products", "show", id);
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains("(discarded): left unrecorded at upgrade, it was discarded by the operator ('products discard')", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("UNRECORDED", show.Out, StringComparison.Ordinal);

        var again = await RunAsync("products", "discard", id, "--yes");
        Assert.True(again.ExitCode == NodeCommandLine.Failure, again.ToString());
        Assert.Equal($"hst-node products: cannot discard product {id}: it was purged already (discarded): its content is gone.", again.Error.Trim());
        Assert.Equal(2, _temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'discard';"));
    }

    [Fact]
    public async Task Discard_ByInboxRow_TakesThatCopyAlone_TheWayToARepeatedCopyThatNoLongerParses()
    {
        var discard = await RunAsync("products", "discard", $"inbox:{_unparseableRepeatRow}", "--yes", "--json");

        Assert.True(discard.ExitCode == NodeCommandLine.Success, discard.ToString());
        using (var document = JsonDocument.Parse(discard.Out))
        {
            Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("productId").ValueKind);
            Assert.Equal([_unparseableRepeatRow], document.RootElement.GetProperty("inboxLocalIds").EnumerateArray().Select(e => e.GetInt64()));
            Assert.Equal("discarded", document.RootElement.GetProperty("cause").GetString());
        }

        Assert.Equal(1, _temp.Count($"SELECT COUNT(*) FROM inbox WHERE local_id = {_unparseableRepeatRow} AND purge_cause = 'discarded';"));
        Assert.Equal(1, _temp.Count($"SELECT COUNT(*) FROM audit WHERE action = 'discard' AND detail = 'product inbox={_unparseableRepeatRow} product=unknown cause=discarded';"));
        Assert.Equal(4, (await _temp.Store.StatusAsync()).UnrecordedProducts);

        // The listed copy of the unparseable product, by its inbox row: its product is the products row's.
        var listed = await RunAsync("products", "discard", $"inbox:{_unparseableRow}", "--yes");
        Assert.True(listed.ExitCode == NodeCommandLine.Success, listed.ToString());
        Assert.Contains($"Discarded product {IntelligenceIds.Format(_unparseable)}: its copy in inbox row {Number(_unparseableRow)} emptied", listed.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kept", "it is recorded: its sources are known, so the purge of any of them purges it; only a product left unrecorded at upgrade can be discarded.")]
    [InlineData("ffffffff", "no product …ffffffff is held ('hst-node products' lists them).")]
    [InlineData("inbox:9999", "cannot discard inbox row 9999: the inbox has no such row.")]
    [InlineData("message", ": it is not an analytical product from the hub; only a product left unrecorded at upgrade can be discarded.")]
    [InlineData("kept-row", ": it is a recorded product copy: its sources are known, so the purge of any of them purges it")]
    public async Task Discard_OfARecordedProduct_AnUnknownIdOrRow_OrNoProduct_IsRefused_ExitOne_NothingChanged(string what, string why)
    {
        var keptRow = _temp.Count($"SELECT inbox_local_id FROM products WHERE product_id = X'{Convert.ToHexString(_kept.ProductId.ToByteArray())}';");
        var target = what switch
        {
            "kept" => IntelligenceIds.Format(_kept.ProductId.ToByteArray()),
            "message" => $"inbox:{_messageRow}",
            "kept-row" => $"inbox:{keptRow}",
            _ => what,
        };

        var refused = await RunAsync("products", "discard", target, "--yes");

        Assert.True(refused.ExitCode == NodeCommandLine.Failure, refused.ToString());
        Assert.Contains(why, refused.Error, StringComparison.Ordinal);
        if (what is "kept" or "kept-row")
        {
            // Its repeat left unrecorded is named, with the way to it, whether the product or its recorded copy was given.
            Assert.Contains($"A copy of it was left unrecorded (inbox row {Number(_keptRepeatRow)}): 'hst-node products discard inbox:N' discards one.",
                refused.Error, StringComparison.Ordinal);
        }

        Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.Equal(0, _temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'discard';"));
        Assert.Equal(0, _temp.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
    }

    [Fact]
    public async Task Discard_OfAProductWhoseListedCopyIsUnrecorded_ButARepeatIsRecorded_IsRefused_NamingTheListedCopy()
    {
        var product = HubProducts.Network("FR", "Zuwara slipway");
        var broken = product.Clone();
        broken.Kind = ProductKind.Corridor;
        var listed = 0L;
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = Version13File.Create(path, time);
            listed = Version13File.InsertFromHub(connection, broken, 1);
            Version13File.InsertProductRow(connection, product.ProductId.ToByteArray(), listed);
            // A repeat that passes the check: the open-time catch-up links it, so purges of the product's sources reach it.
            Version13File.InsertFromHub(connection, product, 2);
        });

        var refused = await CommandRun.RunAsync(
            ["products", "discard", IntelligenceIds.Format(product.ProductId.ToByteArray()), "--yes", $"--Node:DatabasePath={temp.DatabasePath}"]);

        Assert.True(refused.ExitCode == NodeCommandLine.Failure, refused.ToString());
        Assert.Contains("it is recorded: its sources are known", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"A copy of it was left unrecorded (inbox row {Number(listed)})", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
    }

    [Fact]
    public async Task Discard_ByInboxRow_OfTheListedUnrecordedCopy_WhileARepeatIsRecorded_ListsShowsExportsAndServesTheProductFromTheRecordedCopy()
    {
        const string Label = "Zuwara slipway";
        var product = HubProducts.Network("FR", Label);
        var broken = product.Clone();
        broken.Kind = ProductKind.Corridor;
        var (listed, repeat) = (0L, 0L);
        await using var temp = TempNodeStore.Create((path, time) =>
        {
            using var connection = Version13File.Create(path, time);
            listed = Version13File.InsertFromHub(connection, broken, 1);
            Version13File.InsertProductRow(connection, product.ProductId.ToByteArray(), listed);
            repeat = Version13File.InsertFromHub(connection, product, 2);
        });
        var id = IntelligenceIds.Format(product.ProductId.ToByteArray());
        Task<CommandRun> Run(params string[] args) => CommandRun.RunAsync([.. args, $"--Node:DatabasePath={temp.DatabasePath}"]);

        // The recorded copy given by its row is refused too, and names the listed copy left unrecorded, as the product's refusal does.
        var recorded = await Run("products", "discard", $"inbox:{repeat}", "--yes");
        Assert.True(recorded.ExitCode == NodeCommandLine.Failure, recorded.ToString());
        Assert.Contains($"A copy of it was left unrecorded (inbox row {Number(listed)}): 'hst-node products discard inbox:N' discards one.",
            recorded.Error, StringComparison.Ordinal);
        var preview = await Run("products", "discard", $"inbox:{listed}");
        Assert.Contains($"the products row would list it from its recorded copy in inbox row {Number(repeat)}.", preview.Out, StringComparison.Ordinal);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));

        // The refusal's hint followed.
        var discard = await Run("products", "discard", $"inbox:{listed}", "--yes");

        Assert.True(discard.ExitCode == NodeCommandLine.Success, discard.ToString());
        Assert.Contains($"'hst-node products' now lists it from its recorded copy in inbox row {Number(repeat)}.", discard.Out, StringComparison.Ordinal);
        Assert.Equal(repeat, temp.Count("SELECT inbox_local_id FROM products;"));
        Assert.Equal(1, temp.Count($"SELECT COUNT(*) FROM inbox WHERE local_id = {listed} AND purge_cause = 'discarded';"));
        Assert.Equal(1, temp.Count(
            $"SELECT COUNT(*) FROM audit WHERE action = 'discard' AND detail = 'product inbox={listed} product={id} cause=discarded listed-copy={repeat}';"));
        Assert.Equal(0, (await temp.Store.StatusAsync()).UnrecordedProducts);

        var list = await Run("products");
        var line = Line(list.Out, product.ProductId.ToByteArray());
        Assert.DoesNotContain("purged", line, StringComparison.Ordinal);
        Assert.DoesNotContain("UNRECORDED", line, StringComparison.Ordinal);
        var show = await Run("products", "show", id);
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains(Label, show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PURGED", show.Out, StringComparison.Ordinal);
        var export = await Run("products", "export", id, "--format", "graphml");
        Assert.True(export.ExitCode == NodeCommandLine.Success, export.ToString());
        Assert.Contains(Label, export.Out, StringComparison.Ordinal);
        // The agency API's read: only a held product whose sources are recorded.
        var served = Assert.Single(await temp.Store.FindProductsAsync(IntelligenceIds.Short(product.ProductId.ToByteArray())));
        Assert.Equal(repeat, served.Summary.InboxLocalId);
    }

    [Fact]
    public async Task Discard_ThenTheHubWithdrawingTheDiscardedCopy_StillShowsItDiscardedByTheOperator_NotWithdrawnByTheHub()
    {
        var id = IntelligenceIds.Format(_failsCheck.ProductId.ToByteArray());
        Assert.Equal(NodeCommandLine.Success, (await RunAsync("products", "discard", id, "--yes")).ExitCode);
        // What HubWithdrawals leaves when a notice names a copy already purged: its hub_withdrawn row, the copy untouched.
        using (var connection = _temp.Raw())
        {
            connection.Execute(
                """
                INSERT INTO hub_withdrawn (recipient_sequence, message_id, header_sha256, content_type, cause, notice_local_id, recorded_at_ms)
                SELECT 1, message_id, header_hash, content_type, 'recalled', $notice, 0 FROM inbox WHERE local_id = $local;
                """,
                ("$notice", _messageRow), ("$local", _failsCheckRow));
        }

        var list = await RunAsync("products");
        var json = await RunAsync("products", "--json");
        var show = await RunAsync("products", "show", id);

        var line = Line(list.Out, _failsCheck.ProductId.ToByteArray());
        Assert.Contains("purged: discarded", line, StringComparison.Ordinal);
        Assert.DoesNotContain("withdrawn by the hub", line, StringComparison.Ordinal);
        Assert.Contains("(discarded): left unrecorded at upgrade, it was discarded by the operator", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("the hub withdrew it", show.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        var purged = Assert.Single(document.RootElement.GetProperty("products").EnumerateArray(), p => p.GetProperty("productId").GetString() == id)
            .GetProperty("purged");
        Assert.Equal("discarded", purged.GetProperty("cause").GetString());
        Assert.False(purged.GetProperty("byHub").GetBoolean());
    }

    [Theory]
    [InlineData("inbox:0")]
    [InlineData("inbox:x")]
    [InlineData("inbox:")]
    public async Task Discard_OfAnInboxRowThatIsNoNumber_IsAUsageError(string target)
    {
        var refused = await RunAsync("products", "discard", target, "--yes");

        Assert.True(refused.ExitCode == NodeCommandLine.BadArguments, refused.ToString());
        Assert.Contains($"'{target}' is not an inbox row: give inbox:N", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yes_OnAnotherProductsCommand_DoesNotApply()
    {
        var show = await RunAsync("products", "show", IntelligenceIds.Format(_kept.ProductId.ToByteArray()), "--yes");

        Assert.True(show.ExitCode == NodeCommandLine.BadArguments, show.ToString());
        Assert.Contains("--yes does not apply to this use of the command", show.Error, StringComparison.Ordinal);
    }

    private Task<CommandRun> RunAsync(params string[] args) => CommandRun.RunAsync([.. args, $"--Node:DatabasePath={_temp.DatabasePath}"]);

    /// <summary>The list line of the product <paramref name="productId"/>, found by the short id it starts with.</summary>
    private static string Line(string output, byte[] productId) =>
        Assert.Single(output.Split(Environment.NewLine), line => line.StartsWith(IntelligenceIds.Short(productId), StringComparison.Ordinal));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
