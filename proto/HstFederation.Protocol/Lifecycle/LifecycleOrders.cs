using System.Security.Cryptography;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Lifecycle;

/// <summary>
/// Signing and verifying <see cref="LifecycleOrder"/>s (docs/lifecycle.md §3): the signature and the signer's
/// certificate first, then the order's shape, then that the signer is the order's issuer — the message's source, or
/// the hub for an expiry. Whether the source really sent the message is for the holder of the message to check.
/// </summary>
public static class LifecycleOrders
{
    public const uint CurrentVersion = 1;

    public static SignedStatement Sign(LifecycleOrder order, PartyCredentials issuer) =>
        SignedStatements.Sign(order, StatementKind.LifecycleOrder, issuer);

    /// <summary>SHA-256 of the order's signed bytes: what a confirmation or a receipt names.</summary>
    public static byte[] Sha256(SignedStatement order) => SHA256.HashData(order.Statement.Span);

    /// <summary>A readable name for logs, audit entries and CLIs: recall, restriction, extension, lapse, expiry.</summary>
    public static string ActionName(LifecycleOrder order) => order.ActionCase switch
    {
        LifecycleOrder.ActionOneofCase.Recall => "recall",
        LifecycleOrder.ActionOneofCase.Restriction => "restriction",
        LifecycleOrder.ActionOneofCase.Extension => "extension",
        LifecycleOrder.ActionOneofCase.Lapse => "lapse",
        LifecycleOrder.ActionOneofCase.Expiry => "expiry",
        _ => "none",
    };

    /// <summary>Whether holders delete their copy on this order whatever their standing (recall, expiry).</summary>
    public static bool PurgesEveryCopy(LifecycleOrder order) =>
        order.ActionCase is LifecycleOrder.ActionOneofCase.Recall or LifecycleOrder.ActionOneofCase.Expiry;

    /// <summary>
    /// Verifies the signature, parses, checks the shape and that the signer's certificate names the issuer.
    /// Failures carry <see cref="RejectionReason.LifecycleOrderInvalid"/>.
    /// </summary>
    public static EnvelopeResult<Verified<LifecycleOrder>> Verify(SignedStatement? signed, FederationTrust trust)
    {
        var verified = SignedStatements.Verify(signed, StatementKind.LifecycleOrder, LifecycleOrder.Parser, trust, o => o.IssuedAtMs);
        if (!verified.IsSuccess)
        {
            return Invalid(verified.Rejection.Detail);
        }

        var order = verified.Value.Statement;
        if (CheckShape(order) is { } problem)
        {
            // rejection.proto: an extension whose date does not extend or lies beyond the limit is RETENTION_INVALID.
            return IsExtensionDateProblem(order, problem)
                ? EnvelopeResult<Verified<LifecycleOrder>>.Fail(RejectionReason.RetentionInvalid, problem)
                : Invalid(problem);
        }

        return verified.Value.Signer.Party.Uri == order.Issuer
            ? verified
            : Invalid($"signed by {verified.Value.Signer.Party}, but the order's issuer is {order.Issuer}");
    }

    /// <summary>
    /// The order's times against the verifier's own clock, which <see cref="Verify"/> leaves alone (THREATS 22): issued
    /// no later than <paramref name="now"/> plus the tolerated skew (else <see cref="RejectionReason.LifecycleOrderInvalid"/>,
    /// as a forward record stamped ahead is FORWARD_INVALID, docs/protocol.md §8), and an extension's date no more than
    /// the longest retention after <paramref name="now"/> (else <see cref="RejectionReason.RetentionInvalid"/>): the
    /// shape bounds it from <c>issued_at_ms</c>, which the issuer chose. Null when both hold; for a verified order.
    /// </summary>
    public static Rejection? CheckTimes(LifecycleOrder order, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(order);
        var latest = now + maxClockSkew;
        if (order.IssuedAtMs > latest.ToUnixTimeMilliseconds())
        {
            return new Rejection(RejectionReason.LifecycleOrderInvalid,
                $"issued_at_ms {order.IssuedAtMs} is more than {maxClockSkew} ahead of this clock ({now:O})");
        }

        return order.ActionCase == LifecycleOrder.ActionOneofCase.Extension
            && order.Extension.RetainUntilMs > now.AddDays(366 * Validation.HstMessageLimits.MaxRetentionYears).ToUnixTimeMilliseconds()
                ? new Rejection(RejectionReason.RetentionInvalid,
                    $"extension.retain_until_ms lies more than {Validation.HstMessageLimits.MaxRetentionYears} years after this clock ({now:O})")
                : null;
    }

    /// <summary>Null when the order is well formed; otherwise what is wrong with it.</summary>
    public static string? CheckShape(LifecycleOrder order)
    {
        if (order.Version != CurrentVersion)
        {
            return $"version {order.Version} is not {CurrentVersion}";
        }

        if (!MessageIds.IsValid(order.OrderId.Span) || !MessageIds.IsValid(order.MessageId.Span))
        {
            return "order_id or message_id is not a 16-byte UUIDv7";
        }

        if (!PartyId.TryParse(order.Source, out var source) || source.IsHub)
        {
            return "source is not a member's party URI";
        }

        if (order.HeaderSha256.Length != 32)
        {
            return "header_sha256 is not 32 bytes";
        }

        if (!UnixTime.TryFromMilliseconds(order.IssuedAtMs, out var issuedAt))
        {
            return "issued_at_ms is not a valid time";
        }

        var hubIssues = order.ActionCase == LifecycleOrder.ActionOneofCase.Expiry;
        if (hubIssues ? order.Issuer != PartyId.Hub.Uri : order.Issuer != order.Source)
        {
            return hubIssues ? "an expiry is issued by the hub" : $"a {ActionName(order)} is issued by the message's source";
        }

        return order.ActionCase switch
        {
            LifecycleOrder.ActionOneofCase.Recall => CheckRecall(order.Recall),
            LifecycleOrder.ActionOneofCase.Restriction => CheckRestriction(order.Restriction),
            LifecycleOrder.ActionOneofCase.Extension => CheckExtension(order.Extension, issuedAt),
            LifecycleOrder.ActionOneofCase.Lapse => order.Lapse.Note.Length > LifecycleRules.MaxNoteLength ? NoteTooLong("lapse.note") : null,
            LifecycleOrder.ActionOneofCase.Expiry => UnixTime.TryFromMilliseconds(order.Expiry.RetainUntilMs, out _) ? null : "expiry.retain_until_ms is not a valid time",
            _ => "the order names no action",
        };
    }

    private static string? CheckRecall(RecallOrder recall)
    {
        if (recall.Reason == RecallReason.Unspecified || !Enum.IsDefined(recall.Reason))
        {
            return "recall.reason is required";
        }

        return recall.Note.Length > LifecycleRules.MaxNoteLength ? NoteTooLong("recall.note") : null;
    }

    private static string? CheckRestriction(RestrictionOrder restriction)
    {
        if (!Enum.IsDefined(restriction.Code))
        {
            return "restriction.code is not a handling code";
        }

        if (restriction.Code == HandlingCode.Unspecified && restriction.ExcludeMembers.Count == 0)
        {
            return "a restriction tightens the code or excludes at least one member";
        }

        if (restriction.ExcludeMembers.Any(code => !CountryCodes.IsAssigned(code))
            || restriction.ExcludeMembers.Distinct(StringComparer.Ordinal).Count() != restriction.ExcludeMembers.Count)
        {
            return "restriction.exclude_members holds a code that is not an ISO 3166-1 alpha-2 member code, or one twice";
        }

        return restriction.Note.Length > LifecycleRules.MaxNoteLength ? NoteTooLong("restriction.note") : null;
    }

    private static string? CheckExtension(RetentionExtension extension, DateTimeOffset issuedAt)
    {
        if (extension.Justification.Trim().Length == 0 || extension.Justification.Length > LifecycleRules.MaxJustificationLength)
        {
            return $"extension.justification is required, at most {LifecycleRules.MaxJustificationLength} characters";
        }

        return CheckExtensionDate(extension, issuedAt);
    }

    private static bool IsExtensionDateProblem(LifecycleOrder order, string problem) =>
        order.ActionCase == LifecycleOrder.ActionOneofCase.Extension
        && UnixTime.TryFromMilliseconds(order.IssuedAtMs, out var issuedAt)
        && string.Equals(CheckExtensionDate(order.Extension, issuedAt), problem, StringComparison.Ordinal);

    private static string? CheckExtensionDate(RetentionExtension extension, DateTimeOffset issuedAt)
    {
        if (!UnixTime.TryFromMilliseconds(extension.RetainUntilMs, out var until) || until <= issuedAt)
        {
            return "extension.retain_until_ms is not a time after the order";
        }

        return until > issuedAt.AddDays(366 * Validation.HstMessageLimits.MaxRetentionYears)
            ? $"extension.retain_until_ms lies more than {Validation.HstMessageLimits.MaxRetentionYears} years after the order"
            : null;
    }

    private static string NoteTooLong(string field) => $"{field} is longer than {LifecycleRules.MaxNoteLength} characters";

    private static EnvelopeResult<Verified<LifecycleOrder>> Invalid(string detail) =>
        EnvelopeResult<Verified<LifecycleOrder>>.Fail(RejectionReason.LifecycleOrderInvalid, detail);
}
