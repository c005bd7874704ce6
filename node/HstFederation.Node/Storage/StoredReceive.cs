namespace HstFederation.Node.Storage;

/// <summary>
/// The result of <see cref="NodeStore.StoreReceivedAsync"/>. <see cref="ReceivedAtMs"/> is when the stored message
/// (the one already there, for a repeat or a conflict) was received: a repeat is acknowledged with the same
/// delivery receipt as the first delivery (THREATS row 13).
/// </summary>
internal sealed record StoredReceive(ReceiveOutcome Outcome, long ReceivedAtMs)
{
    public bool IsNew => Outcome == ReceiveOutcome.New;
}
