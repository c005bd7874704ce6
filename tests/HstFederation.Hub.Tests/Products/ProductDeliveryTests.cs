using System.Text;
using System.Text.Json;
using Google.Protobuf;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Products;

/// <summary>
/// Products over a real hub (mutual TLS, SQLite file) and real subscribers: an operator's `hst-hub products run`,
/// written by the command's own store as `hst-hub` would from another process, is picked up by the serving hub;
/// each NCB concerned receives a hub-signed envelope it opens as a node does, built only from what it may read.
/// </summary>
public sealed class ProductDeliveryTests : IAsyncLifetime
{
    private const string Canary = "CANARYZQX";
    private HubServer _hub = null!;

    // Products alone: the intelligence worker's hit notifications would be hub messages in the same streams.
    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(
        extraArgs: ["--Hub:RegistryRefresh=00:00:00", "--Hub:Products:RequestPoll=00:00:00.100", "--Hub:Intelligence:Enabled=false"]);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    /// <summary>FR to IT (hub reads): LY → IT → FR. DE to ES (hub reads): NR → IT → FR, canary names. ES to FR directly (hub may not read).</summary>
    private async Task SubmitThreeAsync()
    {
        await SubmitAsync("FR", Envelopes.Seal(_hub, "FR", ["IT", PartyId.HubCode]));
        await SubmitAsync("DE", Envelopes.Seal(_hub, "DE", ["ES", PartyId.HubCode], edit: message =>
        {
            message.Routes[0].Legs[0].From.Country = "NR";
            message.Persons[0].Name.FamilyNameLatin = Canary;
            message.Organisations[0].Name = Canary + " network";
        }));
        await SubmitAsync("ES", Envelopes.Seal(_hub, "ES", ["FR"], edit: message => message.Persons[1].Name.FamilyNameLatin = "DIRECT"));
    }

    [Fact]
    public async Task ProductsRun_Corridor_EachNcbConcernedReceivesAHubSignedProductOfWhatItMayReadOnly()
    {
        await SubmitThreeAsync();

        var run = await CommandAsync("products", "run", "--kind", "corridor", "--wait", "30", "--json");

        Assert.Equal("done", run.GetProperty("run").GetProperty("state").GetString());
        var products = new Dictionary<string, (AnalyticalProduct Product, byte[] Plaintext)>();
        foreach (var (member, before) in new[] { ("FR", 1), ("IT", 1), ("DE", 0), ("ES", 1) })
        {
            var deliveries = await Inbox.ReceiveAsync(_hub, member, before + 1);
            var opened = Inbox.OpenContent(_hub, deliveries[^1], member);
            Assert.Equal(PartyId.Hub, opened.Verified.SenderParty);
            Assert.Equal(ProtocolVersions.AnalyticalProductContentType, opened.Verified.Header.ContentType);
            Assert.Equal(HandlingCode.H3, opened.Verified.Header.Handling.Code);
            products[member] = (opened.Parse(AnalyticalProduct.Parser).GetValueOrThrow(), opened.Plaintext.ToArray());
        }

        foreach (var member in new[] { "FR", "IT" })
        {
            var (product, plaintext) = products[member];
            Assert.Equal((PartyId.Member(member).Uri, ProductKind.Corridor), (product.Recipient, product.Kind));
            var corridor = Assert.Single(product.Corridor.Corridors);
            Assert.Equal(("LY", "IT", "FR", 1u, 74u), (corridor.Origin, string.Join(',', corridor.Transit), corridor.Destination, corridor.Messages, corridor.Persons));
            Assert.Equal([PartyId.Member("FR").Uri], product.Sources.Select(s => s.Sender));
            Assert.Equal(-1, plaintext.AsSpan().IndexOf(Encoding.UTF8.GetBytes(PartyId.Member("DE").Uri)));
        }

        foreach (var member in new[] { "DE", "ES" })
        {
            Assert.Equal(["NR"], products[member].Product.Corridor.Corridors.Select(c => c.Origin));
        }

        Assert.Equal(4L, Count($"SELECT count(*) FROM products"));
        Assert.Equal(4L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.Product}'"));
        Assert.Equal(0L, Count($"SELECT count(*) FROM audit WHERE instr(detail, '{Canary}') > 0"));
    }

    [Fact]
    public async Task ProductsRun_NetworkToNamedMembers_GoesToExactlyThoseAndLeavesOutWhatEachMayNotRead()
    {
        await SubmitThreeAsync();

        await CommandAsync("products", "run", "--kind", "network", "--to", "IT,ES", "--wait", "30", "--json");

        var atIt = Inbox.OpenContent(_hub, (await Inbox.ReceiveAsync(_hub, "IT", 2))[^1], "IT");
        var atEs = Inbox.OpenContent(_hub, (await Inbox.ReceiveAsync(_hub, "ES", 2))[^1], "ES");
        var forIt = atIt.Parse(AnalyticalProduct.Parser).GetValueOrThrow().Network;
        var forEs = atEs.Parse(AnalyticalProduct.Parser).GetValueOrThrow().Network;
        Assert.Equal(-1, atIt.Plaintext.Span.IndexOf(Encoding.UTF8.GetBytes(Canary)));
        Assert.Equal(-1, atIt.Plaintext.Span.IndexOf("DIRECT"u8));
        Assert.Contains(forIt.Nodes, node => node.Label == "Mohamed Ali AL-SALHI");
        Assert.Contains(forEs.Nodes, node => node.Label.Contains(Canary, StringComparison.Ordinal));
        Assert.DoesNotContain(forEs.Nodes, node => node.Label.Contains("DIRECT", StringComparison.Ordinal));
        Assert.Equal(["urn:hst:member:ES", "urn:hst:member:IT"], ProductRecipients());
    }

    [Fact]
    public async Task ProductRun_InterruptedAfterSomeRecipients_IsResumedAfterARestartWithoutSendingAnyoneASecondProduct()
    {
        await SubmitThreeAsync();
        await CommandAsync("products", "run", "--kind", "corridor", "--wait", "30", "--json");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Store.Database.Path}"))
        {
            // As if the hub had stopped before completing the run: its products were sent, its row is still pending.
            connection.Open();
            connection.Execute("UPDATE product_runs SET completed_at_ms = NULL, products = NULL, outcome = NULL;");
        }

        _hub = await _hub.RestartAsync();
        await Hosting.Wait.UntilAsync(() => Count("SELECT count(*) FROM product_runs WHERE completed_at_ms IS NULL") == 0);

        Assert.Equal(4L, Count("SELECT count(*) FROM products"));
        Assert.Equal(4L, Count("SELECT count(*) FROM messages WHERE sender = 'urn:hst:hub:IPSG'"));
        Assert.Equal(["sent to DE,ES,FR,IT"], Strings("SELECT outcome FROM product_runs"));
    }

    [Fact]
    public async Task ProductsList_ShowsWhatWasSent_NeverItsContent()
    {
        await SubmitThreeAsync();
        await CommandAsync("products", "run", "--kind", "corridor", "--wait", "30", "--json");

        var list = await CommandAsync("products", "list", "--json");
        var runs = await CommandAsync("products", "runs", "--json");

        var products = list.GetProperty("products").EnumerateArray().ToList();
        Assert.Equal(4, products.Count);
        Assert.All(products, p => Assert.Equal("corridor", p.GetProperty("kind").GetString()));
        var done = Assert.Single(runs.GetProperty("runs").EnumerateArray());
        Assert.Equal(("request", 4), (done.GetProperty("origin").GetString(), done.GetProperty("products").GetInt32()));
    }

    private async Task SubmitAsync(string member, byte[] envelope) =>
        await _hub.Client(member).SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

    /// <summary>`hst-hub ...` against the running hub's database, as an operator in another process runs it.</summary>
    private async Task<JsonElement> CommandAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await HubCommandLine.RunAsync([.. args, $"--Hub:DatabasePath={Store.Database.Path}"], stdout, stderr, TimeProvider.System);
        Assert.True(exit == 0, stderr.ToString());
        return JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
    }

    private List<string> ProductRecipients() => Strings("SELECT recipient FROM products ORDER BY recipient");

    private List<string> Strings(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return connection.Query(sql, reader =>
        {
            var values = new List<string>();
            while (reader.Read())
            {
                values.Add(reader.GetString(0));
            }

            return values;
        });
    }

    private long Count(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }
}
