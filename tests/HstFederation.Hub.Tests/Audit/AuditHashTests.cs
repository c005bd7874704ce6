using HstFederation.Hub.Audit;

namespace HstFederation.Hub.Tests.Audit;

/// <summary>The entry hash covers every field, unambiguously (length-prefixed), and chains to the previous hash.</summary>
public sealed class AuditHashTests
{
    private static readonly byte[] Id = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    [Fact]
    public void Compute_EveryFieldChanges_TheHashChanges()
    {
        var original = Hash(1, 100, "FR", "accept", Id, "d", AuditHash.Genesis);

        byte[][] variants =
        [
            Hash(2, 100, "FR", "accept", Id, "d", AuditHash.Genesis),
            Hash(1, 101, "FR", "accept", Id, "d", AuditHash.Genesis),
            Hash(1, 100, "DE", "accept", Id, "d", AuditHash.Genesis),
            Hash(1, 100, "FR", "reject", Id, "d", AuditHash.Genesis),
            Hash(1, 100, "FR", "accept", null, "d", AuditHash.Genesis),
            Hash(1, 100, "FR", "accept", Id, "e", AuditHash.Genesis),
            Hash(1, 100, "FR", "accept", Id, "d", Enumerable.Repeat((byte)1, 32).ToArray()),
        ];

        Assert.Equal(32, original.Length);
        Assert.All(variants, variant => Assert.NotEqual(original, variant));
        Assert.Equal(original, Hash(1, 100, "FR", "accept", Id, "d", AuditHash.Genesis));
    }

    [Fact]
    public void Compute_ShiftedFieldBoundaries_DoNotCollide()
    {
        Assert.NotEqual(Hash(1, 1, "ab", "c", null, "", AuditHash.Genesis), Hash(1, 1, "a", "bc", null, "", AuditHash.Genesis));
        Assert.NotEqual(Hash(1, 1, "a", "b", null, "", AuditHash.Genesis), Hash(1, 1, "a", "b", [], "", AuditHash.Genesis));
    }

    private static byte[] Hash(long seq, long at, string actor, string action, byte[]? id, string detail, byte[] prev) =>
        AuditHash.Compute(seq, at, actor, action, id, id is not null, detail, prev);
}
