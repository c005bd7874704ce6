using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Crypto;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Pki;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>THREATS rows 8, 9, 10, 14, 15: what a dishonest party can try with a valid envelope.</summary>
public sealed class EnvelopeAttackTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT", "ES");

    private byte[] Forge(
        string[] to, string signer = "FR", string[]? wrapFor = null, HandlingCode code = HandlingCode.H1,
        Action<EnvelopeHeader>? header = null, Func<byte[], byte[]>? plaintext = null,
        Func<Protocol.Pki.CertifiedKey, byte[], byte[]>? keyFor = null, Action<V1.Envelope>? envelope = null) =>
        new EnvelopeForge(new DeterministicRandomSource("attack"))
        {
            Message = _world.Message(to, code),
            Signer = _world.Party(signer),
            Recipients = _world.Keys(wrapFor ?? to),
            CreatedAt = _world.Time.GetUtcNow(),
            MutateHeader = header,
            MutatePlaintext = plaintext,
            KeyForRecipient = keyFor,
            MutateEnvelope = envelope,
        }.Build();

    [Fact]
    public void Open_SignedRecipientEntryWithoutItsSequence_IsMalformedHeader()
    {
        var bytes = Forge(["DE", "IT"], header: h => h.Recipients[1].Sequence = 0);

        var result = _world.Open(bytes, "DE");

        Assert.Equal(RejectionReason.MalformedHeader, result.Reason);
        Assert.Contains("has no sequence", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Forge_HonestEnvelope_IsAcceptedByTheOpener()
    {
        var bytes = Forge(["DE"]);

        Assert.True(_world.Open(bytes, "DE").IsSuccess);
    }

    [Fact]
    public void Forge_SameRandomness_ProducesTheSealersBytesExactly()
    {
        var sealer = new EnvelopeSealer(_world.Time, _world.Policy, new DeterministicRandomSource("same"));
        var message = _world.Message(["DE", "IT"]);
        var sealedBytes = sealer.Seal(message, _world.Party("FR"), _world.Keys("DE", "IT"), new SealOptions { Sequence = 1 }).Bytes.ToArray();

        var forged = new EnvelopeForge(new DeterministicRandomSource("same"))
        {
            Message = message,
            Signer = _world.Party("FR"),
            Recipients = _world.Keys("DE", "IT"),
            CreatedAt = _world.Time.GetUtcNow(),
        }.Build();

        Assert.Equal(forged, sealedBytes);
    }

    [Fact]
    public void Open_SignedWithACertificateFromAnotherCaCopyingTheMember_IsSenderCertificateInvalid()
    {
        var impostorPki = TestPki.Create(_world.Time, "impostor-root"u8.ToArray(), "FR", "DE");
        var impostorSealer = new EnvelopeSealer(_world.Time, _world.Policy);
        var message = _world.Message(["DE"]);

        var sealedEnvelope = impostorSealer.Seal(message, impostorPki.Member("FR"), _world.Keys("DE"), new SealOptions { Sequence = 1 });

        Assert.Equal(RejectionReason.SenderCertificateInvalid, _world.Open(sealedEnvelope.Bytes, "DE").Reason);
    }

    [Theory]
    [InlineData(long.MaxValue, long.MaxValue)]
    [InlineData(long.MinValue, 1)]
    [InlineData(0, 1)]
    [InlineData(1, long.MaxValue)]
    public void Open_SignedTimesOutOfRange_IsMalformedHeaderNotAnException(long created, long expires)
    {
        var bytes = Forge(["DE"], header: h => (h.CreatedAtMs, h.ExpiresAtMs) = (created, expires));

        Assert.Equal(RejectionReason.MalformedHeader, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_BackdatedWithAVeryLongLifetime_IsMalformedHeader()
    {
        // A key revoked or expired long ago cannot sign "in the past" with a far expiry: lifetime is bounded.
        var created = _world.Time.GetUtcNow().AddYears(-1);
        var bytes = Forge(["DE"], header: h => (h.CreatedAtMs, h.ExpiresAtMs) = (created.ToUnixTimeMilliseconds(), created.AddYears(2).ToUnixTimeMilliseconds()));

        Assert.Equal(RejectionReason.MalformedHeader, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_SignedHeaderWithUnspecifiedSuite_IsUnsupportedSuite()
    {
        var bytes = Forge(["DE"], header: h => h.Suite = CipherSuite.Unspecified);

        Assert.Equal(RejectionReason.UnsupportedSuite, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_UndefinedEvaluationCodeInSignedHeader_IsMalformedHeader()
    {
        var bytes = Forge(["DE"], header: h => h.Handling.SourceReliability = (SourceReliability)99);

        Assert.Equal(RejectionReason.MalformedHeader, _world.Open(bytes, "DE").Reason);
    }

    /// <summary>
    /// A holder converts handling.retain_until to a date; out of Timestamp's range that conversion throws. The hub stores
    /// headers it cannot read and the hub's own content has no step 23, so the shape step refuses it for every reader.
    /// </summary>
    [Theory]
    [InlineData(long.MaxValue, 0)]
    [InlineData(long.MinValue, 0)]
    [InlineData(253_402_300_800L, 0)]
    [InlineData(-62_135_596_801L, 0)]
    [InlineData(1_900_000_000L, -1)]
    [InlineData(1_900_000_000L, 1_000_000_000)]
    public void Verify_SignedRetainUntilOutsideTimestampRange_IsMalformedHeaderNotAnException(long seconds, int nanos)
    {
        var bytes = Forge(["DE"], header: h => h.Handling.RetainUntil = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = seconds, Nanos = nanos });

        var result = _world.Verifier.Verify(bytes);

        Assert.Equal(RejectionReason.MalformedHeader, result.Reason);
        Assert.Contains("handling.retain_until", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// In Timestamp's range but not a signed time: its whole Unix milliseconds (nanos truncated) are 0 or below, which every
    /// holder stores as a date already past (the hub expired such a message the moment it accepted it).
    /// </summary>
    [Theory]
    [InlineData(0L, 0)]                         // 1970-01-01T00:00:00.000Z
    [InlineData(0L, 999_999)]                   // 1970-01-01T00:00:00.000999999Z: 0 ms, truncated (rounding would make it 1)
    [InlineData(-1L, 999_999_999)]              // 1969-12-31T23:59:59.999999999Z
    [InlineData(-62_135_596_800L, 0)]           // 0001-01-01T00:00:00Z, the first instant a Timestamp holds
    public void Verify_SignedRetainUntilBefore1970Point001_IsMalformedHeader(long seconds, int nanos)
    {
        var bytes = Forge(["DE"], header: h => h.Handling.RetainUntil = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = seconds, Nanos = nanos });

        var result = _world.Verifier.Verify(bytes);

        Assert.Equal(RejectionReason.MalformedHeader, result.Reason);
        Assert.Contains("handling.retain_until is not a signed time", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, 1_000_000)]                 // 1970-01-01T00:00:00.001Z: 1 ms
    [InlineData(253_402_300_799L, 999_999_999)] // 9999-12-31T23:59:59.999999999Z: 253402300799999 ms, the last signed time
    public void Verify_SignedRetainUntilAtTheEdgesOfSignedTime_PassesTheShapeStep(long seconds, int nanos)
    {
        var bytes = Forge(["DE"], header: h => h.Handling.RetainUntil = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = seconds, Nanos = nanos });

        Assert.True(_world.Verifier.Verify(bytes).IsSuccess);
    }

    [Fact]
    public void Open_UnknownFieldNestedInASignedRecipient_IsMalformedHeader()
    {
        var bytes = Forge(["DE"], header: h => h.Recipients[0].MergeFrom(new byte[] { 0x98, 0x06, 0x01 }));

        Assert.Equal(RejectionReason.MalformedHeader, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_UnknownFieldInTheOuterEnvelope_IsMalformedEnvelope()
    {
        var bytes = _world.Seal("FR", "DE").Bytes.ToArray().Concat(new byte[] { 0x98, 0x06, 0x01 }).ToArray();

        Assert.Equal(RejectionReason.MalformedEnvelope, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Verify_DuplicatedOuterFields_ReturnsTheCanonicalEncoding()
    {
        var sealedEnvelope = _world.Seal("FR", "DE");
        var duplicated = sealedEnvelope.Bytes.ToArray().Concat(new byte[] { 0x08, 0x01 }).ToArray();

        var verified = _world.Verifier.Verify(duplicated).GetValueOrThrow();

        Assert.Equal(sealedEnvelope.Bytes.ToArray(), verified.Bytes.ToArray());
    }

    [Fact]
    public void Open_SignatureStripped_IsSignatureInvalid()
    {
        var bytes = Mutate(_world.Seal("FR", "DE").Bytes, e => e.Signature = ByteString.Empty);

        Assert.Equal(RejectionReason.SignatureInvalid, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_SignatureReplacedByAnotherMembersValidSignature_IsSenderMismatch()
    {
        var original = V1.Envelope.Parser.ParseFrom(_world.Seal("FR", "DE").Bytes.Span);
        var resigned = Mutate(original.ToByteArray(), e =>
        {
            e.Signature = ByteString.CopyFrom(Protocol.Crypto.Signatures.Sign(_world.Party("IT").SigningKeyPair, Protocol.Crypto.Signatures.EnvelopeHeaderLabel, e.Header.Span));
            e.SenderCertificate = ByteString.CopyFrom(_world.Party("IT").Signing.CertificateDer.Span);
        });

        Assert.Equal(RejectionReason.SenderMismatch, _world.Open(resigned, "DE").Reason);
    }

    [Fact]
    public void Open_HeaderNamesAnotherSenderThanTheSigner_IsSenderMismatch()
    {
        var bytes = Forge(["DE"], signer: "IT", header: h => h.Sender = "urn:hst:member:FR");

        Assert.Equal(RejectionReason.SenderMismatch, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_RecipientReWrapsTheKeyForAThirdParty_ThirdPartyIsNotARecipient()
    {
        // DE opens FR's message, then hands ES the content key in an extra forward-less wrap by
        // appending a recipient entry: that changes the signed header, so the signature breaks;
        // and a wrap appended via a self-signed "forward" is refused because DE is not the hub.
        var sealedEnvelope = _world.Seal("FR", "DE");
        var opened = _world.Open(sealedEnvelope.Bytes, "DE").GetValueOrThrow();

        var smuggled = Mutate(sealedEnvelope.Bytes, e =>
        {
            var header = EnvelopeHeader.Parser.ParseFrom(e.Header);
            header.Recipients.Add(RecipientWraps.Create(_world.Party("ES").Encryption, opened.ContentKey, header.MessageId.Span, SystemRandomSource.Instance));
            e.Header = header.ToByteString();
        });
        Assert.Equal(RejectionReason.SignatureInvalid, _world.Open(smuggled, "ES").Reason);

        var viaForward = _world.Forwarder.Forward(opened, _world.Party("DE"), _world.Keys("ES"));
        Assert.Equal(RejectionReason.ForwardNotPermitted, viaForward.Reason);
    }

    [Fact]
    public void Open_RecipientReSealsAsItself_ThirdPartySeesTheRealSender()
    {
        var fromFr = _world.Open(_world.Seal("FR", "DE").Bytes, "DE").GetValueOrThrow();
        var message = fromFr.Message.Clone();
        message.Handling.Addressees.Members.Clear();
        message.Handling.Addressees.Members.Add("ES");

        var resealed = _world.Sealer.Seal(message, _world.Party("DE"), _world.Keys("ES"), new SealOptions { Sequence = 1 });
        var atEs = _world.Open(resealed.Bytes, "ES").GetValueOrThrow();

        Assert.Equal("urn:hst:member:DE", atEs.Verified.Header.Sender);
        Assert.DoesNotContain(atEs.Verified.Header.Recipients, r => r.Party == "urn:hst:member:FR");
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    public void Open_OuterVersionChanged_IsUnsupportedVersion(uint version)
    {
        var bytes = Mutate(_world.Seal("FR", "DE").Bytes, e => e.Version = version);

        Assert.Equal(RejectionReason.UnsupportedVersion, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_SignedHeaderWithUnknownSuite_IsUnsupportedSuite()
    {
        var bytes = Forge(["DE"], header: h => h.Suite = (CipherSuite)2);

        Assert.Equal(RejectionReason.UnsupportedSuite, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_SignedHeaderWithOldVersion_IsUnsupportedVersion()
    {
        var bytes = Forge(["DE"], header: h => h.Version = 0);

        Assert.Equal(RejectionReason.UnsupportedVersion, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_DifferentKeyWrappedForOneRecipient_IsKeyCommitmentMismatchForThatRecipientOnly()
    {
        var bytes = Forge(["DE", "IT"], keyFor: (r, k) => r.Party.Code == "IT" ? [.. k.Select(b => (byte)(b ^ 0x5A))] : k);

        Assert.True(_world.Open(bytes, "DE").IsSuccess);
        Assert.Equal(RejectionReason.KeyCommitmentMismatch, _world.Open(bytes, "IT").Reason);
    }

    [Fact]
    public void Open_ContentHandlingDiffersFromSignedHandling_IsHandlingMismatch()
    {
        var bytes = Forge(["DE"], code: HandlingCode.H3, plaintext: p =>
        {
            var m = HstMessage.Parser.ParseFrom(p);
            m.Handling.Code = HandlingCode.H0;
            return m.ToByteArray();
        });

        Assert.Equal(RejectionReason.HandlingMismatch, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_SignedRecipientsOutsideTheHandling_IsHandlingViolation()
    {
        var bytes = Forge(["DE"], wrapFor: ["DE", "IT"]);

        Assert.Equal(RejectionReason.HandlingViolation, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_DirectExchangeWithTheContentKeyWrappedForTheHub_IsHandlingViolationForTheRecipientAndTheHub()
    {
        // Row 11 past an honest sealer: a sender's node that wraps the key for the hub although the signed handling
        // says the hub may not read. The addressee must not take it for a direct exchange, and the hub must not open it.
        var bytes = Forge(["DE"], wrapFor: ["DE", Identities.PartyId.HubCode]);

        var atDe = _world.Open(bytes, "DE");
        var atHub = _world.Open(bytes, Identities.PartyId.HubCode);

        Assert.Equal(RejectionReason.HandlingViolation, atDe.Reason);
        Assert.Contains("the hub is a recipient but handling says it may not read", atDe.Rejection!.Detail, StringComparison.Ordinal);
        Assert.Equal(RejectionReason.HandlingViolation, atHub.Reason);
    }

    [Fact]
    public void Open_UnknownFieldInSignedHeader_IsMalformedHeader()
    {
        var bytes = Forge(["DE"], envelope: e =>
        {
            // Append field 99 (varint 1) to the header and re-sign it as the honest sender would.
            var header = e.Header.Concat(new byte[] { 0x98, 0x06, 0x01 }).ToArray();
            e.Header = ByteString.CopyFrom(header);
            e.Signature = ByteString.CopyFrom(Protocol.Crypto.Signatures.Sign(_world.Party("FR").SigningKeyPair, Protocol.Crypto.Signatures.EnvelopeHeaderLabel, header));
        });

        Assert.Equal(RejectionReason.MalformedHeader, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_CiphertextSwappedFromAnotherEnvelope_IsContentHashMismatch()
    {
        var first = _world.Seal("FR", "DE");
        var second = _world.Seal("FR", "DE");
        var bytes = Mutate(first.Bytes, e => e.Ciphertext = V1.Envelope.Parser.ParseFrom(second.Bytes.Span).Ciphertext);

        Assert.Equal(RejectionReason.ContentHashMismatch, _world.Verifier.Verify(bytes).Reason);
    }

    [Fact]
    public void Verify_OversizedEnvelope_IsSizeLimitExceededBeforeParsing()
    {
        var bytes = new byte[EnvelopeLimits.Default.MaxEnvelopeBytes + 1];

        Assert.Equal(RejectionReason.SizeLimitExceeded, _world.Verifier.Verify(bytes).Reason);
    }

    /// <summary>
    /// THREATS 16: the content bound is the sealer's, so a dishonest sender's own code could skip it; the verifier (the
    /// hub's intake, a recipient's delivery check, every re-verification of a kept envelope) keeps it too. At the bound
    /// exactly it is accepted.
    /// </summary>
    [Fact]
    public void Verify_ContentOverTheLimit_SealedByADishonestSender_IsSizeLimitExceeded_AndAtTheLimitIsAccepted()
    {
        var limit = EnvelopeLimits.Default.MaxContentBytes;
        var over = Forge(["DE"], plaintext: p => [.. p, .. new byte[limit + 1 - p.Length]]);
        var atLimit = Forge(["DE"], plaintext: p => [.. p, .. new byte[limit - p.Length]]);

        var refused = _world.Verifier.Verify(over);
        var refusedKept = _world.Verifier.VerifyStored(over);

        Assert.Equal(RejectionReason.SizeLimitExceeded, refused.Reason);
        Assert.Equal($"the content is {limit + 1} bytes; the limit is {limit}", refused.Rejection!.Detail);
        Assert.Equal(RejectionReason.SizeLimitExceeded, refusedKept.Reason);
        Assert.True(_world.Verifier.Verify(atLimit).IsSuccess);
    }

    internal static byte[] Mutate(ReadOnlyMemory<byte> bytes, Action<V1.Envelope> mutate)
    {
        var envelope = V1.Envelope.Parser.ParseFrom(bytes.Span);
        mutate(envelope);
        return envelope.ToByteArray();
    }
}
