namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub products` on its own (no hub running): a request is written as a pending run and audited as the
/// operator's; the serving hub's part is in Products/ProductDeliveryTests.
/// </summary>
public sealed class ProductsCommandTests
{
    [Fact]
    public async Task ProductsRun_WritesAPendingRunOverTheLastDays_AuditedAsTheOperators()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("products", "run", "--kind", "network", "--days", "30", "--to", "FR,IT");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Run 1: network report over 2026-01-30 12:00:00Z .. 2026-03-01 12:00:00Z for FR,IT.", result.Out, StringComparison.Ordinal);
        Assert.Contains("Pending", result.Out, StringComparison.Ordinal);
        var run = Assert.Single(CommandHarness.Array((await hub.RunAsync("products", "runs", "--json")).Json(), "runs"));
        Assert.Equal(("network", "request", "pending"), (run.GetProperty("kind").GetString(), run.GetProperty("origin").GetString(), run.GetProperty("state").GetString()));
        Assert.Equal(["FR", "IT"], run.GetProperty("recipients").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("operator:", run.GetProperty("requestedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(1L, hub.Scalar("SELECT count(*) FROM audit WHERE action = 'product-request' AND actor LIKE 'operator:%' AND detail LIKE 'run=1 kind=network%to=FR,IT'"));
        Assert.Contains("No products sent yet", (await hub.RunAsync("products", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductsRun_ToAMemberNotEnrolled_IsRefusedAndWritesNothing()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("products", "run", "--kind", "corridor", "--to", "FR,PT");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not enrolled: PT", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, hub.Scalar("SELECT count(*) FROM product_runs"));
    }

    [Fact]
    public async Task ProductsRun_UnknownKind_NamesTheValueAsTyped()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("products", "run", "--kind", "corridr");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--kind is corridor or network, not 'corridr'.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("products")]
    [InlineData("products", "run")]
    [InlineData("products", "run", "--kind", "heatmap")]
    [InlineData("products", "run", "--kind", "corridor", "--days", "0")]
    [InlineData("products", "run", "--kind", "corridor", "--limit", "5")]
    [InlineData("products", "list", "--kind", "corridor")]
    [InlineData("products", "publish")]
    public async Task Products_BadArguments_AreUsageErrors(params string[] args)
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Usage: hst-hub products", result.Error, StringComparison.Ordinal);
    }
}
