using Google.Protobuf;
using HstFederation.Node.Search;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// This node's own outbox copy of a message it sent, under its own orders once the hub accepted them: a restriction
/// sets the effective handling (what <c>show</c> reports and later updates start from), an extension moves the
/// retention date its sweep purges at. A recall leaves the copy: the source keeps its own record (docs/lifecycle.md §1);
/// but the analytical products built from the message go, as the hub purges its copies of them (<see cref="PurgedProducts"/>).
/// </summary>
internal static class SourceCopy
{
    /// <summary>Returns how many product copies a recall purged (the caller truncates the WAL after the commit).</summary>
    public static int Apply(WriteContext context, LifecycleOrder order)
    {
        var messageId = order.MessageId.ToByteArray();
        switch (order.ActionCase)
        {
            case LifecycleOrder.ActionOneofCase.Restriction when Current(context, messageId) is { Handling: { } handling } current:
                var next = LifecycleRules.Apply(handling, order.Restriction);
                context.Connection.Execute(
                    "UPDATE outbox SET effective_handling = $handling WHERE local_id = $local;",
                    ("$handling", next.ToByteArray()), ("$local", current.LocalId));
                // The summary follows in the same commit: lists, search and agency scopes filter on the handling in force.
                MessageIndexWriter.SetHandling(context.Connection, MessageBox.Outbox, current.LocalId, next);
                break;
            case LifecycleOrder.ActionOneofCase.Extension:
                context.Connection.Execute(
                    "UPDATE outbox SET retain_until_ms = $until WHERE message_id = $id AND purged_at_ms IS NULL;",
                    ("$until", order.Extension.RetainUntilMs), ("$id", messageId));
                break;
            case LifecycleOrder.ActionOneofCase.Recall:
                return PurgedProducts.Purge(context, order.Source, messageId, LifecyclePurge.Recalled);
        }

        return 0;
    }

    /// <summary>The handling in force for an unpurged outbox message: the last restriction's, else the one it was sent with.</summary>
    public static Handling? EffectiveHandling(WriteContext context, byte[] messageId) => Current(context, messageId)?.Handling;

    private static (long LocalId, Handling? Handling)? Current(WriteContext context, byte[] messageId)
    {
        using var command = context.Connection.Command(
            "SELECT local_id, effective_handling, plaintext FROM outbox WHERE message_id = $id AND purged_at_ms IS NULL;", ("$id", messageId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var handling = reader.IsDBNull(1) ? HstMessage.Parser.ParseFrom((byte[])reader[2]).Handling : Handling.Parser.ParseFrom((byte[])reader[1]);
        return (reader.GetInt64(0), handling);
    }
}
