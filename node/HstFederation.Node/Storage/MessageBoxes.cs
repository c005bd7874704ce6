namespace HstFederation.Node.Storage;

/// <summary>The <c>box</c> column's text for a <see cref="MessageBox"/> ('outbox' | 'inbox').</summary>
internal static class MessageBoxes
{
    public static string ToStorage(this MessageBox box) => box switch
    {
        MessageBox.Outbox => "outbox",
        MessageBox.Inbox => "inbox",
        _ => throw new ArgumentOutOfRangeException(nameof(box), box, "Unknown box."),
    };

    public static MessageBox FromStorage(string box) => box switch
    {
        "outbox" => MessageBox.Outbox,
        "inbox" => MessageBox.Inbox,
        _ => throw new InvalidOperationException($"Unknown box '{box}' in the database."),
    };
}
