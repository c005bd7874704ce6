namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>A message as the federation names it: its sender's party URI and its message id.</summary>
internal readonly record struct MessageKey(string Sender, string Id)
{
    public static MessageKey Of(string sender, byte[] messageId) => new(sender, Convert.ToHexString(messageId));

    public override string ToString() => $"{Sender[^2..]}/{Id}";
}
