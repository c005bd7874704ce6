using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Node.Tests.Ledger;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>A real hub and the FR node (NodeApplication, agency listener) per test.</summary>
public abstract class AgencyTestBase : IAsyncLifetime
{
    private protected TestHub Hub { get; private set; } = null!;

    private protected AgencyNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Node = await AgencyNode.StartAsync(Hub);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Hub.DisposeAsync();
    }

    /// <summary>The minimal sample message under <paramref name="handling"/>.</summary>
    private protected static HstMessage Message(HandlingCode handling)
    {
        var message = SampleMessages.Minimal(DateTimeOffset.UtcNow);
        message.Handling.Code = handling;
        return message;
    }

    /// <summary>DE's recall of its message <paramref name="id"/> (AgencyNode.ReceiveAsync stores it with a zero header hash).</summary>
    private protected IncomingOrder Recall(byte[] id)
    {
        var signed = LedgerOrders.Recall(Node.Hub.Credentials("DE"), id, new byte[32], DateTimeOffset.UtcNow);
        var order = LedgerOrders.Parse(signed);
        var me = Node.Hub.Credentials("FR");
        return new IncomingOrder(
            signed, order, me.Party, HandlingPolicy.WithoutRegions, TimeSpan.FromMinutes(5),
            (outcome, atMs) => LifecycleConfirmations.Confirm(signed, order, outcome, me, DateTimeOffset.FromUnixTimeMilliseconds(atMs)));
    }

    /// <summary>A COUNT(*) over FR's node database.</summary>
    private protected long Count(string sql)
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }

    /// <summary>The node's `denied` audit entries, oldest first: who was refused and why.</summary>
    private protected List<(string Actor, string Detail)> Denials()
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT actor, detail FROM audit WHERE action = $action ORDER BY seq;";
        command.Parameters.AddWithValue("$action", NodeAuditActions.Denied);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
