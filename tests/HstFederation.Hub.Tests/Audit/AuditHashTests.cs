using HstFederation.Hub.Audit;
using HstFederation.Storage.Audit;

namespace HstFederation.Hub.Tests.Audit;

/// <summary>The entry hash covers every field, unambiguously (length-prefixed), and chains to the previous hash.</summary>
public sealed class AuditHashTests
{
    private static readonly byte[] Id = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

    [Fact]
    public void Compute_EveryFieldChanges_TheHashChanges()
    {
        var original = Hash(1, 100, "FR", "accept", Id, "d", AuditChain.Genesis);

        byte[][] variants =
        [
            Hash(2, 100, "FR", "accept", Id, "d", AuditChain.Genesis),
            Hash(1, 101, "FR", "accept", Id, "d", AuditChain.Genesis),
            Hash(1, 100, "DE", "accept", Id, "d", AuditChain.Genesis),
            Hash(1, 100, "FR", "reject", Id, "d", AuditChain.Genesis),
            Hash(1, 100, "FR", "accept", null, "d", AuditChain.Genesis),
            Hash(1, 100, "FR", "accept", Id, "e", AuditChain.Genesis),
            Hash(1, 100, "FR", "accept", Id, "d", Enumerable.Repeat((byte)1, 32).ToArray()),
        ];

        Assert.Equal(32, original.Length);
        Assert.All(variants, variant => Assert.NotEqual(original, variant));
        Assert.Equal(original, Hash(1, 100, "FR", "accept", Id, "d", AuditChain.Genesis));
    }

    [Fact]
    public void Compute_ShiftedFieldBoundaries_DoNotCollide()
    {
        Assert.NotEqual(Hash(1, 1, "ab", "c", null, "", AuditChain.Genesis), Hash(1, 1, "a", "bc", null, "", AuditChain.Genesis));
        Assert.NotEqual(Hash(1, 1, "a", "b", null, "", AuditChain.Genesis), Hash(1, 1, "a", "b", [], "", AuditChain.Genesis));
    }

    private static byte[] Hash(long seq, long at, string actor, string action, byte[]? id, string detail, byte[] prev) =>
        HubAudit.Chain.Compute(seq, at, actor, action, id, id is not null, detail, prev);
}
