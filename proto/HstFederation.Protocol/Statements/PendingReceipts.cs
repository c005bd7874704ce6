using Google.Protobuf;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Statements;

/// <summary>
/// Delivery receipts written when a delivery is stored but signed only when its acknowledge call is made, all of the
/// call's together (<see cref="BatchProofs"/>): a node's acknowledgement batch and the load generator's subscribers.
/// A pending receipt is the statement alone, with neither signature nor proof.
/// </summary>
public static class PendingReceipts
{
    public static SignedStatement Unsigned(ByteString statement) => new() { Statement = statement };

    public static bool IsPending(SignedStatement? receipt) => receipt is not null && receipt.Signature.IsEmpty && receipt.BatchProof is null;

    /// <summary>
    /// Signs every pending receipt of <paramref name="acknowledgements"/> in place: as one batch (one signature), or each
    /// alone when <paramref name="inOneBatch"/> is false. Receipts already signed (a call sent again) keep their signatures.
    /// </summary>
    public static void Sign(IEnumerable<Acknowledgement> acknowledgements, PartyCredentials signer, bool inOneBatch = true)
    {
        var pending = acknowledgements.Where(a => IsPending(a.DeliveryReceipt)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var statements = pending.Select(a => a.DeliveryReceipt.Statement).ToList();
        var signed = inOneBatch
            ? BatchProofs.SignDeliveryReceipts(statements, signer)
            : statements.SelectMany(statement => BatchProofs.SignDeliveryReceipts([statement], signer)).ToList();
        for (var i = 0; i < pending.Count; i++)
        {
            pending[i].DeliveryReceipt = signed[i];
        }
    }
}
