using System.Security.Cryptography;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>A verified envelope the service asks the store to accept. Recipients are stored once each.</summary>
internal sealed record Submission(
    PartyId Sender,
    byte[] MessageId,
    long Sequence,
    long CreatedAtMs,
    long ExpiresAtMs,
    byte[] Envelope,
    byte[] EnvelopeSha256,
    IReadOnlyList<PartyId> Recipients)
{
    /// <summary>Blind tokens of a direct exchange, one entry per matching key (already checked by the intake), stored with the message.</summary>
    public IReadOnlyList<Protocol.V1.MatchingTokens> Tokens { get; init; } = [];

    /// <summary>Appended to the audit entry's detail (e.g. whom the hub's own message is for); never content.</summary>
    public string? AuditNote { get; init; }

    /// <summary>The serial of the TLS client certificate the member submitted through, on the audit entries the submission writes; null for the hub's own messages.</summary>
    public string? Certificate { get; init; }

    /// <summary>A member's signed header: its lifecycle row, and an update's lineage checks. Null for the hub's own messages.</summary>
    public SubmittedHeader? Signed { get; init; }

    /// <summary>Builds a submission from the canonical envelope bytes, hashing them (SHA-256).</summary>
    public static Submission Create(
        PartyId sender, byte[] messageId, long sequence, long createdAtMs, long expiresAtMs, byte[] canonicalEnvelope,
        IReadOnlyList<PartyId> recipients) =>
        new(sender, messageId, sequence, createdAtMs, expiresAtMs, canonicalEnvelope, SHA256.HashData(canonicalEnvelope), recipients);

    /// <summary>Throws on values no verified envelope can have; these are caller bugs, not rejections.</summary>
    public void Validate()
    {
        if (MessageId is not { Length: MessageIds.Size })
        {
            throw new ArgumentException("A message id is 16 bytes.", nameof(MessageId));
        }

        if (EnvelopeSha256 is not { Length: 32 })
        {
            throw new ArgumentException("The envelope digest is a 32-byte SHA-256.", nameof(EnvelopeSha256));
        }

        if (Sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Sequence), Sequence, "Sender sequences start at 1.");
        }

        // No member recipient is valid: a message addressed to the General Secretariat alone, for analysis,
        // is stored with no delivery rows.
    }
}
