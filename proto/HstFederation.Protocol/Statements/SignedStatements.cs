using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Statements;

/// <summary>
/// Receipts and the member directory: a protobuf statement signed with a per-kind label by a party's
/// signing key, with the signer's certificate attached (docs/protocol.md §12). Verification follows the
/// envelope's discipline: federation-issued key first, signature, then parsing.
/// </summary>
public static class SignedStatements
{
    public const int MaxStatementBytes = 4 * 1024 * 1024;

    public static SignedStatement Sign(IMessage statement, StatementKind kind, PartyCredentials signer) =>
        Sign(statement.ToByteString(), kind, signer);

    /// <summary>Signs a statement already serialized, exactly as given.</summary>
    public static SignedStatement Sign(ByteString statement, StatementKind kind, PartyCredentials signer) => new()
    {
        Statement = statement,
        Signature = ByteString.CopyFrom(Signatures.Sign(signer.SigningKeyPair, Label(kind), statement.Span)),
        SignerCertificate = ByteString.CopyFrom(signer.Signing.CertificateDer.Span),
    };

    /// <summary>
    /// Verifies <paramref name="signed"/> and parses it. The signer's certificate must be valid at the
    /// time <paramref name="signedAt"/> reads from the statement (e.g. accepted_at_ms). A delivery receipt may be signed
    /// through a batch's root instead (<see cref="BatchProofs"/>); <paramref name="roots"/>, when given, remembers the roots
    /// verified so far, so that a batch's receipts cost one signature verification between them.
    /// </summary>
    public static EnvelopeResult<Verified<T>> Verify<T>(
        SignedStatement? signed, StatementKind kind, MessageParser<T> parser, FederationTrust trust, Func<T, long> signedAt, VerifiedBatchRoots? roots = null)
        where T : class, IMessage<T>
    {
        if (signed is null || signed.Statement.Length > MaxStatementBytes || signed.SignerCertificate.Length > EnvelopeLimits.Default.MaxCertificateBytes
            || !CertificateKeys.TryReadEd25519PublicKey(signed.SignerCertificate.Span, out var presentedKey))
        {
            return Invalid<T>("no statement, or its certificate holds no Ed25519 key");
        }

        var presented = trust.Validate(signed.SignerCertificate.Span, CertificatePurpose.MessageSigning, trust.Time.GetUtcNow());
        if (presented.Problem is not (CertificateProblem.None or CertificateProblem.Expired or CertificateProblem.NotYetValid or CertificateProblem.Revoked))
        {
            return Invalid<T>("signer certificate: " + presented.Detail);
        }

        if (signed.BatchProof is not null)
        {
            if (kind != StatementKind.DeliveryReceipt || !BatchProofs.Verify(presentedKey, signed, roots))
            {
                return Invalid<T>($"the {kind} batch proof does not verify (only delivery receipts are signed in batches, without a signature of their own)");
            }
        }
        else if (!Signatures.Verify(presentedKey, Label(kind), signed.Statement.Span, signed.Signature.Span))
        {
            return Invalid<T>($"the {kind} signature does not verify");
        }

        if (!StrictParser.TryParse(parser, signed.Statement.Span, out var statement, out var problem))
        {
            return Invalid<T>($"{kind} {problem}");
        }

        if (!UnixTime.TryFromMilliseconds(signedAt(statement), out var at))
        {
            return Invalid<T>($"{kind} carries no valid signing time");
        }

        var check = trust.Validate(signed.SignerCertificate.Span, CertificatePurpose.MessageSigning, at);
        return check.IsValid
            ? EnvelopeResult<Verified<T>>.Success(new Verified<T>(statement, check.Key!))
            : Invalid<T>("signer certificate at signing time: " + check.Detail);
    }

    private static EnvelopeResult<Verified<T>> Invalid<T>(string detail)
        where T : class => EnvelopeResult<Verified<T>>.Fail(RejectionReason.ReceiptInvalid, detail);

    private static byte[] Label(StatementKind kind) => kind switch
    {
        StatementKind.AcceptanceReceipt => Signatures.AcceptanceReceiptLabel,
        StatementKind.DeliveryReceipt => Signatures.DeliveryReceiptLabel,
        StatementKind.MemberDirectory => Signatures.MemberDirectoryLabel,
        StatementKind.LifecycleOrder => Signatures.LifecycleOrderLabel,
        StatementKind.LifecycleConfirmation => Signatures.LifecycleConfirmationLabel,
        StatementKind.LifecycleReceipt => Signatures.LifecycleReceiptLabel,
        StatementKind.AuditHead => Signatures.AuditHeadLabel,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown statement kind"),
    };
}
