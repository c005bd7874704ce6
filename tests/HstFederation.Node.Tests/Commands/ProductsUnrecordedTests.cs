using System.Globalization;
using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Node.Tests.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node products` on a node whose open-time catch-up left products unrecorded (stored before migration 14, and no
/// longer passing today's check or no longer parsing): the operator sees which, and why they are apart, and a product whose
/// content no longer parses fails `show` and `export` with a reason instead of a crash.
/// </summary>
public sealed class ProductsUnrecordedTests : IAsyncLifetime
{
    private readonly AnalyticalProduct _kept = HubProducts.Network("FR", "Sabratha boat yard");
    private readonly AnalyticalProduct _failsCheck = HubProducts.Network("FR", "Ghat fuel depot");
    private readonly byte[] _unparseable = HubProducts.NewId();
    private TempNodeStore _temp = null!;
    private long _failsCheckRow;
    private long _unparseableRow;

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
            _unparseableRow = Version13File.InsertRaw(connection, [0xFF, 0xFF, 0xFF], AnalyticalProduct.Descriptor.FullName, 3);
            Version13File.InsertProductRow(connection, _unparseable, _unparseableRow);
        });
        Assert.Equal(2, _temp.Store.Database.UnrecordedAtOpen);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task Status_CountsTheProductsLeftUnrecorded_NotTheRecordedOne()
    {
        Assert.Equal(2, (await _temp.Store.StatusAsync()).UnrecordedProducts);
    }

    [Fact]
    public async Task Products_AProductLeftUnrecordedAtUpgrade_IsMarkedInTheList_InShow_AndInJson()
    {
        var list = await RunAsync("products");

        Assert.True(list.ExitCode == NodeCommandLine.Success, list.ToString());
        Assert.DoesNotContain("UNRECORDED", Line(list.Out, _kept.ProductId.ToByteArray()), StringComparison.Ordinal);
        Assert.Contains($"UNRECORDED at upgrade, inbox={Number(_failsCheckRow)}: see 'products show'",
            Line(list.Out, _failsCheck.ProductId.ToByteArray()), StringComparison.Ordinal);
        Assert.Contains($"UNRECORDED at upgrade, inbox={Number(_unparseableRow)}: see 'products show'",
            Line(list.Out, _unparseable), StringComparison.Ordinal);

        var json = await RunAsync("products", "--json");
        Assert.True(json.ExitCode == NodeCommandLine.Success, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        var unrecorded = document.RootElement.GetProperty("products").EnumerateArray()
            .ToDictionary(p => p.GetProperty("productId").GetString()!, p => p.GetProperty("unrecorded").GetBoolean());
        Assert.Equal(
            new Dictionary<string, bool>
            {
                [IntelligenceIds.Format(_kept.ProductId.ToByteArray())] = false,
                [IntelligenceIds.Format(_failsCheck.ProductId.ToByteArray())] = true,
                [IntelligenceIds.Format(_unparseable)] = true,
            },
            unrecorded);

        var show = await RunAsync("products", "show", IntelligenceIds.Format(_failsCheck.ProductId.ToByteArray()));
        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains(
            "UNRECORDED    at upgrade: its sources are unknown, so no purge of one reaches it, and it is not served to agencies " +
            $"(see the audit's 'unrecorded' entry for inbox={Number(_failsCheckRow)})",
            show.Out, StringComparison.Ordinal);
        var kept = await RunAsync("products", "show", IntelligenceIds.Format(_kept.ProductId.ToByteArray()));
        Assert.True(kept.ExitCode == NodeCommandLine.Success, kept.ToString());
        Assert.DoesNotContain("UNRECORDED", kept.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductsShowOrExport_AProductWhoseContentNoLongerParses_FailsNamingTheRowAndWhy_AndShowShowsWhatItsRowKeeps()
    {
        var id = IntelligenceIds.Format(_unparseable);
        var why = $"product {id} (inbox row {Number(_unparseableRow)}) cannot be read: its stored content no longer parses as an analytical product; " +
            "it was left unrecorded at upgrade (the audit's 'unrecorded' entry names it).";

        var show = await RunAsync("products", "show", id);

        Assert.True(show.ExitCode == NodeCommandLine.Failure, show.ToString());
        Assert.Equal($"hst-node products: {why}", show.Error.Trim());
        Assert.Contains($"Network report {id}", show.Out, StringComparison.Ordinal);
        Assert.Contains("by the hub, received ", show.Out, StringComparison.Ordinal);
        Assert.Contains($"UNREADABLE    inbox row {Number(_unparseableRow)} no longer parses as a product", show.Out, StringComparison.Ordinal);
        Assert.Contains("UNRECORDED    at upgrade", show.Out, StringComparison.Ordinal);

        var json = await RunAsync("products", "show", id, "--json");
        Assert.True(json.ExitCode == NodeCommandLine.Failure, json.ToString());
        Assert.Equal($"hst-node products: {why}", json.Error.Trim());
        using (var document = JsonDocument.Parse(json.Out))
        {
            Assert.True(document.RootElement.GetProperty("summary").GetProperty("unrecorded").GetBoolean());
            Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("product").ValueKind);
            Assert.Equal(why, document.RootElement.GetProperty("unreadable").GetString()); // not a purged product's null
        }

        var export = await RunAsync("products", "export", id, "--format", "dot");
        Assert.True(export.ExitCode == NodeCommandLine.Failure, export.ToString());
        Assert.Equal($"hst-node products: {why}", export.Error.Trim());
        Assert.Empty(export.Out);
    }

    private Task<CommandRun> RunAsync(params string[] args) => CommandRun.RunAsync([.. args, $"--Node:DatabasePath={_temp.DatabasePath}"]);

    /// <summary>The list line of the product <paramref name="productId"/>, found by the short id it starts with.</summary>
    private static string Line(string output, byte[] productId) =>
        Assert.Single(output.Split(Environment.NewLine), line => line.StartsWith(IntelligenceIds.Short(productId), StringComparison.Ordinal));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
