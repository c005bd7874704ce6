using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>THREATS row 7: every single-bit flip and every truncation of a golden envelope is refused.</summary>
public sealed class EnvelopeTamperSweepTests
{
    private static readonly Lazy<(EnvelopeWorld World, byte[] Golden, byte[] BeforeForward)> Golden = new(() =>
    {
        var world = EnvelopeWorld.Create("FR", "DE", "IT");
        var message = world.Message(["DE", "IPSG"], HandlingCode.H0);
        var sealedEnvelope = world.Seal(message, "FR", "DE", "IPSG");

        // One forward, so the sweep covers forward records and the hub's certificate too.
        var opened = world.Open(sealedEnvelope.Bytes, "IPSG").GetValueOrThrow();
        var forwarded = world.Forwarder.Forward(opened, world.Pki.Hub, world.Keys("IT")).GetValueOrThrow();
        return (world, forwarded.Bytes.ToArray(), sealedEnvelope.Bytes.ToArray());
    });

    [Fact]
    public void Open_Golden_IsAcceptedByEveryAudienceMember()
    {
        var (world, golden, _) = Golden.Value;

        Assert.True(world.Open(golden, "DE").IsSuccess);
        Assert.True(world.Open(golden, "IT").IsSuccess);
        Assert.True(world.Open(golden, "IPSG").IsSuccess);
    }

    [Fact]
    public void Verify_EverySingleBitFlip_IsRejectedWithAReason()
    {
        var (world, golden, _) = Golden.Value;
        var accepted = new List<int>();
        var reasons = new HashSet<RejectionReason>();

        for (var bit = 0; bit < golden.Length * 8; bit++)
        {
            var copy = (byte[])golden.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));

            var result = world.Verifier.Verify(copy);
            if (result.IsSuccess)
            {
                accepted.Add(bit);
            }
            else
            {
                Assert.NotEqual(RejectionReason.Unspecified, result.Reason);
                reasons.Add(result.Reason);
            }
        }

        Assert.True(accepted.Count == 0, $"{accepted.Count} flipped bits were accepted, first at bit {accepted.FirstOrDefault()}");
        Assert.Contains(RejectionReason.SignatureInvalid, reasons);
        Assert.Contains(RejectionReason.ContentHashMismatch, reasons);
        Assert.Contains(RejectionReason.ForwardInvalid, reasons);
    }

    [Fact]
    public void Verify_EveryTruncation_IsRejectedExceptTheGenuineEnvelopeBeforeTheForward()
    {
        var (world, golden, beforeForward) = Golden.Value;

        for (var length = 0; length < golden.Length; length++)
        {
            var result = world.Verifier.Verify(golden.AsMemory(0, length));

            if (length == beforeForward.Length)
            {
                // Forward records are appended, so cutting exactly before one gives back the source's
                // own envelope, byte for byte: still genuine, and the forward's new recipient cannot open it.
                Assert.Equal(beforeForward, golden[..length]);
                Assert.True(result.IsSuccess);
                Assert.Equal(RejectionReason.NotARecipient, world.Open(golden.AsMemory(0, length), "IT").Reason);
                continue;
            }

            Assert.False(result.IsSuccess, $"truncated to {length} of {golden.Length} bytes and accepted");
            Assert.NotEqual(RejectionReason.Unspecified, result.Reason);
        }
    }

    [Fact]
    public void Open_FlipsInTheRecipientsOwnWrapAndCiphertext_AreRejectedBeforeAnyPlaintext()
    {
        var (world, golden, _) = Golden.Value;
        var envelope = V1.Envelope.Parser.ParseFrom(golden);
        var ciphertextStart = golden.AsSpan().IndexOf(envelope.Ciphertext.Span);

        for (var offset = 0; offset < envelope.Ciphertext.Length; offset += 7)
        {
            var copy = (byte[])golden.Clone();
            copy[ciphertextStart + offset] ^= 0x01;

            Assert.Equal(RejectionReason.ContentHashMismatch, world.Open(copy, "DE").Reason);
        }
    }
}
