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
    /// A receipt whose <c>received_at_ms</c> is before the signing certificate's notBefore is stamped at that notBefore
    /// (<see cref="AtTheEarliestWhenTheKeyWasValid"/>).
    /// </summary>
    public static void Sign(IEnumerable<Acknowledgement> acknowledgements, PartyCredentials signer, bool inOneBatch = true)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var pending = acknowledgements.Where(a => IsPending(a.DeliveryReceipt)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var statements = pending.Select(a => AtTheEarliestWhenTheKeyWasValid(a.DeliveryReceipt.Statement, signer.Signing)).ToList();
        var signed = inOneBatch
            ? BatchProofs.SignDeliveryReceipts(statements, signer)
            : statements.SelectMany(statement => BatchProofs.SignDeliveryReceipts([statement], signer)).ToList();
        for (var i = 0; i < pending.Count; i++)
        {
            pending[i].DeliveryReceipt = signed[i];
        }
    }

    /// <summary>
    /// A receipt is judged by the signing certificate at its <c>received_at_ms</c> (docs/protocol.md §12). One written
    /// before this key's certificate was valid (stored under the previous key, acknowledged only after a restart with the
    /// renewed one) would be refused for good, and with it every acknowledgement of its call; so it says the certificate's
    /// notBefore instead. A receipt may say later than the truth, never earlier. Any other receipt is signed byte for byte.
    /// </summary>
    private static ByteString AtTheEarliestWhenTheKeyWasValid(ByteString statement, CertifiedKey signing)
    {
        var receipt = DeliveryReceipt.Parser.ParseFrom(statement);
        var notBefore = signing.NotBefore.ToUnixTimeMilliseconds();
        if (receipt.ReceivedAtMs >= notBefore)
        {
            return statement;
        }

        receipt.ReceivedAtMs = notBefore;
        return receipt.ToByteString();
    }
}
