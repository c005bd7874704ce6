namespace HstFederation.Hub.Tests.Faults;

/// <summary>An envelope sealed before the load: its sender, per-sender sequence, recipients (member codes) and bytes.</summary>
internal sealed record PlannedMessage(MessageKey Key, ulong Sequence, IReadOnlyList<string> Recipients, byte[] Envelope);
