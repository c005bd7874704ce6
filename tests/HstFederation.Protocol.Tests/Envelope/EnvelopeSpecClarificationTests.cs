using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Crypto;
using HstFederation.Testing.Envelope;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>
/// Rules docs/protocol.md left implicit until an implementation from the page alone (tests/interop/python) had to
/// guess them; each pins the reason the page now states, where no other test asserted it at the envelope layer.
/// </summary>
public sealed class EnvelopeSpecClarificationTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT");

    private byte[] Forge(HstMessage? message = null, Action<EnvelopeHeader>? header = null) =>
        new EnvelopeForge(new DeterministicRandomSource("clarification"))
        {
            Message = message ?? _world.Message(["DE"]),
            Signer = _world.Party("FR"),
            Recipients = _world.Keys("DE"),
            CreatedAt = _world.Time.GetUtcNow(),
            MutateHeader = header,
        }.Build();

    [Fact]
    public void Open_WrapAlteredInTheSignedHeader_IsKeyWrapInvalid()
    {
        var bytes = Forge(header: h =>
        {
            var wrapped = h.Recipients[0].WrappedKey.ToByteArray();
            wrapped[0] ^= 1;
            h.Recipients[0].WrappedKey = ByteString.CopyFrom(wrapped);
        });

        Assert.Equal(RejectionReason.KeyWrapInvalid, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_SignedHeaderNamingAnotherContentNonce_IsDecryptionFailed()
    {
        var bytes = Forge(header: h => h.ContentNonce = ByteString.CopyFrom(new byte[12]));

        Assert.Equal(RejectionReason.DecryptionFailed, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_UnspecifiedEvaluationCodes_PassTheHeaderRulesAndFailContentValidation()
    {
        var message = _world.Message(["DE"], edit: h => (h.SourceReliability, h.InformationAccuracy) = (SourceReliability.Unspecified, InformationAccuracy.Unspecified));

        var bytes = Forge(message);

        Assert.True(_world.Verifier.Verify(bytes).IsSuccess);
        Assert.Equal(RejectionReason.ContentInvalid, _world.Open(bytes, "DE").Reason);
    }

    [Fact]
    public void Open_LineageOfVersionOne_IsMalformedHeader()
    {
        var bytes = Forge(header: h => h.Lineage = new Lineage
        {
            SupersedesMessageId = ByteString.CopyFrom(new byte[] { 0, 0, 0, 0, 0, 1, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 1 }),
            SupersedesHeaderSha256 = ByteString.CopyFrom(new byte[32]),
            Version = 1,
            Reason = "date of birth corrected",
        });

        var result = _world.Open(bytes, "DE");

        Assert.Equal(RejectionReason.MalformedHeader, result.Reason);
        Assert.Contains("lineage.version", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ForwardAddingNoRecipient_IsForwardInvalid()
    {
        var atHub = _world.Open(_world.Seal("FR", "DE", "IPSG").Bytes, "IPSG").GetValueOrThrow();

        var forged = ForwardForge.Append(atHub, _world.Pki.Hub, [], _world.Time.GetUtcNow(), SystemRandomSource.Instance);

        Assert.Equal(RejectionReason.ForwardInvalid, _world.Open(forged, "DE").Reason);
    }
}
