using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Lifecycle;

/// <summary>
/// A holder's signed answer to a <see cref="LifecycleOrder"/> (docs/lifecycle.md §4): built by the holder once the
/// order is applied durably, verified by the hub (which relays it) and by the source.
/// </summary>
public static class LifecycleConfirmations
{
    public const uint CurrentVersion = 1;

    public static SignedStatement Confirm(
        SignedStatement order, LifecycleOrder parsed, LifecycleOutcome outcome, PartyCredentials holder, DateTimeOffset at) =>
        SignedStatements.Sign(
            new LifecycleConfirmation
            {
                Version = CurrentVersion,
                OrderId = parsed.OrderId,
                OrderSha256 = Google.Protobuf.ByteString.CopyFrom(LifecycleOrders.Sha256(order)),
                MessageId = parsed.MessageId,
                Source = parsed.Source,
                Holder = holder.Party.Uri,
                Outcome = outcome,
                ConfirmedAtMs = at.ToUnixTimeMilliseconds(),
            },
            StatementKind.LifecycleConfirmation,
            holder);

    /// <summary>
    /// Verifies that <paramref name="signed"/> is <paramref name="holder"/>'s confirmation of exactly
    /// <paramref name="order"/>, signed by the holder. Failures carry <see cref="RejectionReason.ConfirmationInvalid"/>.
    /// </summary>
    public static EnvelopeResult<Verified<LifecycleConfirmation>> Verify(
        SignedStatement? signed, SignedStatement order, PartyId holder, FederationTrust trust)
    {
        var verified = SignedStatements.Verify(signed, StatementKind.LifecycleConfirmation, LifecycleConfirmation.Parser, trust, c => c.ConfirmedAtMs);
        if (!verified.IsSuccess)
        {
            return Invalid(verified.Rejection.Detail);
        }

        var confirmation = verified.Value.Statement;
        if (confirmation.Version != CurrentVersion)
        {
            return Invalid($"version {confirmation.Version} is not {CurrentVersion}");
        }

        if (verified.Value.Signer.Party != holder || confirmation.Holder != holder.Uri)
        {
            return Invalid($"the confirmation is signed by {verified.Value.Signer.Party} for {confirmation.Holder}, not by {holder}");
        }

        if (!confirmation.OrderSha256.Span.SequenceEqual(LifecycleOrders.Sha256(order)))
        {
            return Invalid("the confirmation answers another order");
        }

        return confirmation.Outcome is LifecycleOutcome.Purged or LifecycleOutcome.NotHeld or LifecycleOutcome.Applied
            ? verified
            : Invalid("the confirmation names no outcome");
    }

    private static EnvelopeResult<Verified<LifecycleConfirmation>> Invalid(string detail) =>
        EnvelopeResult<Verified<LifecycleConfirmation>>.Fail(RejectionReason.ConfirmationInvalid, detail);
}
