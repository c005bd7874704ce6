using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

public sealed partial class EnvelopeVerifier
{
    private const int Sha256Size = 32;

    private static Rejection? CheckVersionAndSuite(V1.Envelope envelope, EnvelopeHeader header)
    {
        if (header.Version != envelope.Version)
        {
            return Reject(RejectionReason.UnsupportedVersion, $"the signed header says version {header.Version} but the envelope says {envelope.Version}");
        }

        return ProtocolVersions.IsAllowed(header.Version, header.Suite)
            ? null
            : Reject(RejectionReason.UnsupportedSuite, $"suite {header.Suite} is not allowed for version {header.Version}");
    }

    private Rejection? CheckHeaderShape(EnvelopeHeader header)
    {
        string? problem = null;
        if (!MessageIds.IsValid(header.MessageId.Span))
        {
            problem = "message_id is not a 16-byte UUIDv7";
        }
        else if (!PartyId.TryParse(header.Sender, out _))
        {
            problem = "sender is not a party URI";
        }
        else if (header.SenderKeyId.Length != KeyIds.Size)
        {
            problem = "sender_key_id is not 16 bytes";
        }
        else if (!UnixTime.TryFromMilliseconds(header.CreatedAtMs, out var createdAt)
            || !UnixTime.TryFromMilliseconds(header.ExpiresAtMs, out var expiresAt)
            || expiresAt <= createdAt
            || expiresAt - createdAt > _limits.MaxLifetime)
        {
            problem = $"created_at_ms/expires_at_ms are not a window of at most {_limits.MaxLifetime.TotalDays} days";
        }
        else if (header.Sequence == 0)
        {
            problem = "sequence numbers start at 1";
        }
        else if (CheckHandlingShape(header.Handling) is { } handlingProblem)
        {
            problem = handlingProblem;
        }
        else if (!ProtocolVersions.IsContentTypeAllowed(header.ContentType, PartyId.Parse(header.Sender).IsHub))
        {
            problem = $"content_type '{header.ContentType}' is not one {header.Sender} may send";
        }
        else if (header.Lineage is { } lineage && LifecycleRules.CheckLineageShape(lineage, header.MessageId.Span) is { } lineageProblem)
        {
            problem = lineageProblem;
        }
        else if (header.ContentNonce.Length != ContentKeys.NonceSize || header.CiphertextSha256.Length != Sha256Size || header.KeyCommitment.Length != Sha256Size)
        {
            problem = "content_nonce, ciphertext_sha256 or key_commitment has the wrong length";
        }
        else
        {
            problem = CheckRecipientShapes(header.Recipients, "recipients", _limits.MaxRecipients, requireSome: true, numbered: true);
        }

        return problem is null ? null : Reject(RejectionReason.MalformedHeader, problem);
    }

    private string? CheckHandlingShape(Handling? handling)
    {
        if (handling is null || handling.Code is HandlingCode.Unspecified || !Enum.IsDefined(handling.Code))
        {
            return "handling is missing or has no valid handling code";
        }

        if (!Enum.IsDefined(handling.SourceReliability) || !Enum.IsDefined(handling.InformationAccuracy))
        {
            return "handling has an undefined evaluation code";
        }

        if (handling.RetainUntil is { } retainUntil && !ProtoTimestamps.IsSignedTime(retainUntil))
        {
            // Every holder stores it as Unix milliseconds (retention sweep, ledger): one before 1970 would be a date already
            // past (the hub expires the message at once) and one no Timestamp holds throws. An HstMessage's step 23 would
            // catch both, but the hub stores a header it cannot read, and the hub's own content types have no step 23.
            return "handling.retain_until is not a signed time: its Unix milliseconds (nanos truncated to whole milliseconds) "
                + "must lie in 1970-01-01T00:00:00.001Z..9999-12-31T23:59:59.999Z, nanos in 0..999999999";
        }

        var addressees = handling.Addressees;
        if (addressees is null)
        {
            return "handling has no addressees";
        }

        if (addressees.Members.Count > _limits.MaxAddressees || addressees.Regions.Count > _limits.MaxAddressees || addressees.ExcludedMembers.Count > _limits.MaxAddressees)
        {
            return $"an addressee list has more than {_limits.MaxAddressees} entries";
        }

        if (!addressees.Members.Concat(addressees.ExcludedMembers).All(CountryCodes.IsAssigned))
        {
            return "an addressed or excluded member is not an ISO 3166-1 alpha-2 code";
        }

        return addressees.Regions.All(HandlingPolicy.IsValidRegionName) ? null : "a region name is not 1-64 letters, digits, '-' or '_'";
    }

    /// <summary>
    /// Shared by the header's recipients (<paramref name="numbered"/>: each carries the source's per-recipient
    /// sequence, from 1) and a forward's added recipients (sequence 0: not the source's numbering).
    /// </summary>
    private static string? CheckRecipientShapes(IReadOnlyCollection<Recipient> recipients, string field, int max, bool requireSome, bool numbered)
    {
        if ((requireSome && recipients.Count == 0) || recipients.Count > max)
        {
            return $"{field} must hold 1 to {max} entries, not {recipients.Count}";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var recipient in recipients)
        {
            if (!PartyId.TryParse(recipient.Party, out _))
            {
                return $"{field} names something that is not a party URI";
            }

            if (!seen.Add(recipient.Party))
            {
                return $"{field} names {recipient.Party} twice";
            }

            if (recipient.KeyId.Length != KeyIds.Size
                || recipient.EphemeralPublicKey.Length != KeyPairs.KeySize
                || recipient.WrappedKey.Length != KeyWrapping.WrappedKeySize)
            {
                return $"{field} entry for {recipient.Party} has a key id, ephemeral key or wrap of the wrong length";
            }

            if ((recipient.Sequence != 0) != numbered)
            {
                return numbered
                    ? $"{field} entry for {recipient.Party} has no sequence (the source numbers its messages to each recipient from 1)"
                    : $"{field} entry for {recipient.Party} has a sequence; only the source numbers its recipients";
            }
        }

        return null;
    }

    private Rejection? CheckTime(EnvelopeHeader header)
    {
        var now = trust.Time.GetUtcNow();
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs);
        if (createdAt > now + trust.Options.MaxClockSkew)
        {
            return Reject(RejectionReason.CreatedInFuture, $"created {createdAt:O}, more than {trust.Options.MaxClockSkew} ahead of this clock ({now:O})");
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(header.ExpiresAtMs);
        return now >= expiresAt ? Reject(RejectionReason.Expired, $"expired at {expiresAt:O}") : null;
    }

    private Rejection? CheckAudience(EnvelopeHeader header)
    {
        var parties = header.Recipients.Select(r => PartyId.Parse(r.Party)).ToList();
        return policy.CheckRecipients(header.Handling, parties) is { } violation
            ? Reject(RejectionReason.HandlingViolation, violation)
            : null;
    }
}
