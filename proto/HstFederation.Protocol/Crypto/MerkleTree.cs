using System.Security.Cryptography;

namespace HstFederation.Protocol.Crypto;

/// <summary>
/// The Merkle tree hash of RFC 9162 §2.1 (as in Certificate Transparency): leaf = SHA-256(0x00 ‖ data), node =
/// SHA-256(0x01 ‖ left ‖ right), the left subtree the largest power of two below the size. The prefixes keep a leaf
/// from ever passing for a node, and the tree's size is signed with its root, so no other batch has the same proofs.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>A tree no deeper than this holds 2³² leaves; a longer path is malformed.</summary>
    public const int MaxPathLength = 32;

    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var input = new byte[data.Length + 1];
        data.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + (2 * HashSize)];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashSize)..]);
        return SHA256.HashData(input);
    }

    /// <summary>The root over <paramref name="leaves"/> (leaf hashes, at least one) and every leaf's inclusion path.</summary>
    public static (byte[] Root, List<byte[]>[] Paths) Build(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0)
        {
            throw new ArgumentException("A Merkle tree needs at least one leaf.", nameof(leaves));
        }

        var paths = new List<byte[]>[leaves.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = [];
        }

        return (Subtree(leaves, 0, leaves.Count, paths), paths);
    }

    /// <summary>
    /// The root that <paramref name="leafHash"/> at <paramref name="index"/> of a tree of <paramref name="count"/> leaves and
    /// <paramref name="path"/> lead to (RFC 9162 §2.1.3.2), or null when the path cannot belong to such a tree.
    /// </summary>
    public static byte[]? RootFromPath(long index, long count, byte[] leafHash, IReadOnlyList<ReadOnlyMemory<byte>> path)
    {
        if (index < 0 || index >= count || path.Count > MaxPathLength || leafHash.Length != HashSize)
        {
            return null;
        }

        var fn = index;
        var sn = count - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != HashSize)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p.Span, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p.Span);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }

    /// <summary>MTH of leaves[start..start+count), appending to each of its leaves' paths the sibling on the way up.</summary>
    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int count, List<byte[]>[] paths)
    {
        if (count == 1)
        {
            return leaves[start];
        }

        var k = 1;
        while (k * 2 < count)
        {
            k *= 2;
        }

        var left = Subtree(leaves, start, k, paths);
        var right = Subtree(leaves, start + k, count - k, paths);
        for (var i = start; i < start + k; i++)
        {
            paths[i].Add(right);
        }

        for (var i = start + k; i < start + count; i++)
        {
            paths[i].Add(left);
        }

        return NodeHash(left, right);
    }
}
