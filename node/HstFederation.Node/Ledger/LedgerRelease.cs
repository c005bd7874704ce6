using HstFederation.Node.Intelligence;

namespace HstFederation.Node.Ledger;

/// <summary>A hit on a message this node sent and where its release stands (the hits table).</summary>
internal sealed record LedgerRelease(byte[] HitId, string OtherSender, HitRelease Release);
