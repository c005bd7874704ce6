using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>THREATS row 23 for kept evidence: a message stands if its key was valid when it signed, whatever came later.</summary>
public sealed class EnvelopeEvidenceTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE");

    [Fact]
    public void Check_SignedBeforeTheSendersRevocation_Holds_AndNamesTheLaterRevocation()
    {
        var before = _world.Seal("FR", "DE");
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        var revokedAt = _world.Time.GetUtcNow();
        _world.Pki.RevokeMember("FR", revokedAt);

        // Long after: past the envelope's expiry too, which does not matter for evidence.
        _world.Time.Advance(TimeSpan.FromDays(40));
        _world.Pki.RefreshCrl();
        var check = EnvelopeEvidence.Check(before.Bytes.Span, _world.Pki.Trust);

        Assert.True(check.IsValid, check.Detail);
        Assert.Equal(revokedAt, check.SignerRevokedAt);
        Assert.True(check.SignedAt < revokedAt);
    }

    [Fact]
    public void Check_SignedAfterTheSendersRevocation_DoesNotHold()
    {
        var fr = _world.Party("FR"); // loaded (and validated) while still good, as a running node holds its keys
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        _world.Pki.RevokeMember("FR", _world.Time.GetUtcNow());
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        var after = _world.Sealer.Seal(_world.Message(["DE"]), fr, _world.Keys("DE"), new SealOptions { Sequence = 1 });

        var check = EnvelopeEvidence.Check(after.Bytes.Span, _world.Pki.Trust);

        Assert.False(check.IsValid);
        Assert.Contains("Revoked", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HeaderAlteredAfterSigning_DoesNotHold()
    {
        var envelope = V1.Envelope.Parser.ParseFrom(_world.Seal("FR", "DE").Bytes.ToArray());
        var header = V1.EnvelopeHeader.Parser.ParseFrom(envelope.Header);
        header.CreatedAtMs -= 1;
        envelope.Header = Google.Protobuf.ByteString.CopyFrom(Google.Protobuf.MessageExtensions.ToByteArray(header));

        var check = EnvelopeEvidence.Check(Google.Protobuf.MessageExtensions.ToByteArray(envelope), _world.Pki.Trust);

        Assert.False(check.IsValid);
        Assert.Contains("signature does not verify", check.Detail, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Check_CreatedAtEditedOutOfRange_DoesNotHold_WithoutThrowing(long createdAtMs)
    {
        // An insider edits the kept row: the time no longer converts and the signature no longer verifies.
        var check = EnvelopeEvidence.Check(WithCreatedAt(createdAtMs, resign: false), _world.Pki.Trust);

        Assert.False(check.IsValid);
        Assert.Null(check.SignedAt);
        Assert.Contains("signature does not verify", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SignedWithAnOutOfRangeCreatedAt_DoesNotHold_WithoutThrowing()
    {
        var check = EnvelopeEvidence.Check(WithCreatedAt(long.MinValue, resign: true), _world.Pki.Trust);

        Assert.False(check.IsValid);
        Assert.Null(check.SignedAt);
        Assert.Contains("created_at_ms", check.Detail, StringComparison.Ordinal);
    }

    /// <summary>FR's envelope to DE with the header's created_at_ms replaced, signed again by FR or left with the old signature.</summary>
    private byte[] WithCreatedAt(long createdAtMs, bool resign)
    {
        var envelope = V1.Envelope.Parser.ParseFrom(_world.Seal("FR", "DE").Bytes.ToArray());
        var header = V1.EnvelopeHeader.Parser.ParseFrom(envelope.Header);
        header.CreatedAtMs = createdAtMs;
        var headerBytes = Google.Protobuf.MessageExtensions.ToByteArray(header);
        envelope.Header = Google.Protobuf.ByteString.CopyFrom(headerBytes);
        if (resign)
        {
            envelope.Signature = Google.Protobuf.ByteString.CopyFrom(
                Signatures.Sign(_world.Party("FR").SigningKeyPair, Signatures.EnvelopeHeaderLabel, headerBytes));
        }

        return Google.Protobuf.MessageExtensions.ToByteArray(envelope);
    }
}
