namespace HstFederation.Hub.Tests.Faults;

/// <summary>A message as the checker names it: the sender's member code and the message id in hex.</summary>
internal readonly record struct MessageKey(string Sender, string MessageId)
{
    public static MessageKey Of(string senderCode, ReadOnlySpan<byte> messageId) => new(senderCode, Convert.ToHexString(messageId));

    public override string ToString() => $"{Sender}/{MessageId}";
}
