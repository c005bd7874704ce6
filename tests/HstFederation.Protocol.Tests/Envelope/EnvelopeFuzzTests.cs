using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>
/// THREATS row 18: random and mutated bytes fed to the verifier and opener produce typed rejections
/// only — no exception, no hang, no acceptance. Seeds are fixed so a failure reproduces.
/// </summary>
public sealed class EnvelopeFuzzTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Open_RandomBytes_AreRejectedWithoutExceptions(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);

            AssertRejected(bytes);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void Open_MutatedGoldenEnvelope_IsRejectedWithoutExceptions(int seed)
    {
        var golden = _world.Seal("FR", "DE").Bytes.ToArray();
        var random = new Random(seed);
        for (var i = 0; i < 1500; i++)
        {
            var mutated = Mutate(golden, random);
            if (!mutated.AsSpan().SequenceEqual(golden))
            {
                AssertRejected(mutated);
            }
        }
    }

    [Fact]
    public void Open_HostileProtobuf_IsMalformedEnvelope()
    {
        // A length prefix claiming 2 GiB, deep group nesting, and a wrong wire type for field 2.
        byte[][] hostile =
        [
            [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00],
            [.. Enumerable.Repeat((byte)0x0B, 10_000)],
            [0x15, 0x01, 0x02, 0x03, 0x04],
            [0x08, 0x01, 0xFA, 0x3F, 0x02, 0x01, 0x02],
        ];

        foreach (var bytes in hostile)
        {
            Assert.Equal(RejectionReason.MalformedEnvelope, _world.Verifier.Verify(bytes).Reason);
        }
    }

    [Fact]
    public void Open_ManyEmptyForwards_IsMalformedEnvelope()
    {
        var bytes = EnvelopeAttackTests.Mutate(_world.Seal("FR", "DE").Bytes, e =>
        {
            for (var i = 0; i < 1000; i++)
            {
                e.Forwards.Add(new SignedForward { Record = ByteString.CopyFrom(1) });
            }
        });

        Assert.Equal(RejectionReason.MalformedEnvelope, _world.Verifier.Verify(bytes).Reason);
    }

    [Fact]
    public void Verify_FourMebibytesOfEmptyForwards_IsRefusedBeforeMaterialisingThem()
    {
        var golden = _world.Seal("FR", "DE").Bytes.ToArray();
        var padding = Enumerable.Repeat(new byte[] { 0x32, 0x00 }, (EnvelopeLimits.Default.MaxEnvelopeBytes - golden.Length) / 2).SelectMany(b => b);
        var bytes = golden.Concat(padding).ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = _world.Verifier.Verify(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(RejectionReason.MalformedEnvelope, result.Reason);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated} bytes to refuse it");
    }

    private void AssertRejected(byte[] bytes)
    {
        var result = _world.Open(bytes, "DE");
        Assert.False(result.IsSuccess);
        Assert.NotEqual(RejectionReason.Unspecified, result.Reason);
    }

    private static byte[] Mutate(byte[] golden, Random random)
    {
        var bytes = new List<byte>(golden);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 64), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3:
                    var from = random.Next(bytes.Count);
                    var length = Math.Min(random.Next(1, 128), bytes.Count - from);
                    bytes.InsertRange(at, bytes.GetRange(from, length));
                    break;
                default:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
            }
        }

        return [.. bytes];
    }
}
