namespace HstFederation.Node.Ledger;

/// <summary>A stored copy (either box) whose retention date falls in the window: this node purges it then.</summary>
internal sealed record UpcomingExpiry(Storage.MessageBox Box, long LocalId, byte[] MessageId, string? Sender, long RetainUntilMs);
