using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// The signed lifecycle order that the delivery at <paramref name="cursor"/> carried to <paramref name="holder"/>, or
    /// null when that cursor is no lifecycle order to it: what the holder's confirmation must answer. Read-only.
    /// </summary>
    public SignedStatement? FindDeliveredOrder(PartyId holder, long cursor)
    {
        using var connection = Database.OpenReadConnection();
        return connection.Scalar(
            """
            SELECT o.signed_order FROM deliveries d JOIN lifecycle_orders o ON o.order_id = d.order_id
            WHERE d.cursor = $cursor AND d.recipient = $holder AND d.kind = 3;
            """,
            ("$cursor", cursor),
            ("$holder", holder.Uri)) is byte[] order
            ? SignedStatement.Parser.ParseFrom(order)
            : null;
    }
}
