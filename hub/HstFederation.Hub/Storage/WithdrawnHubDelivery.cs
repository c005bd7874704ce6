using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A delivery of one of the hub's own messages that the current write withdrew, with what the member's
/// <see cref="HubWithdrawal"/> will name (docs/intelligence.md, Withdrawals). Read before the withdrawal empties the envelope.
/// </summary>
/// <param name="HubSequence">The withdrawn hub message's own hub sequence (the audit names it).</param>
/// <param name="BecauseOfHubSequence">The member message whose recall, expiry or restriction caused it: the audit entry is filed under it.</param>
internal sealed record WithdrawnHubDelivery(
    PartyId Recipient, long HubSequence, long BecauseOfHubSequence, byte[] BecauseOfMessageId, WithdrawnHubMessage Entry);
