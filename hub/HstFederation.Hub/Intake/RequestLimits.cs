using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intake;

/// <summary>
/// The largest request the hub must read: a Submit with an envelope at its limit beside blind tokens at theirs
/// (<see cref="MatchingTokenRules"/>: the current key and three others, each with a 64-character key id and 1000 tokens
/// whose paths hold up to 256 UTF-16 units, 3 bytes each in UTF-8). Every other method's request is far smaller (an
/// Acknowledge of 1000 receipts is about 2 MB). The hub reads up to this and refuses only what is larger, so no valid
/// request is refused for its size: the envelope's own limit is checked, with its reason, by the envelope verifier.
/// </summary>
internal static class RequestLimits
{
    /// <summary>The bytes in front of each gRPC message: a compression flag and a 4-byte big-endian length.</summary>
    public const int GrpcPrefixBytes = 5;

    private const int MaxUtf8BytesPerUtf16Unit = 3;

    public static int MaxRequestBytes { get; } = MaxSubmitRequestBytes(EnvelopeLimits.Default.MaxEnvelopeBytes);

    /// <summary>The serialized size of the largest valid SubmitRequest (exact: tests build one).</summary>
    public static int MaxSubmitRequestBytes(int maxEnvelopeBytes)
    {
        var maxKind = (int)Enum.GetValues<MatchKind>().Max();
        var maxPathBytes = MatchingTokenRules.MaxPathLength * MaxUtf8BytesPerUtf16Unit;
        var token = CodedOutputStream.ComputeTagSize(MatchingToken.KindFieldNumber) + CodedOutputStream.ComputeEnumSize(maxKind)
            + Field(MatchingToken.TokenFieldNumber, MatchingTokenRules.TokenSize)
            + Field(MatchingToken.PathFieldNumber, maxPathBytes);
        var tokens = Field(MatchingTokens.KeyIdFieldNumber, MatchingTokenRules.MaxKeyIdLength)
            + (MatchingTokenRules.MaxTokens * Field(MatchingTokens.TokensFieldNumber, token));
        return Field(SubmitRequest.EnvelopeFieldNumber, maxEnvelopeBytes)
            + Field(SubmitRequest.MatchingTokensFieldNumber, tokens)
            + (MatchingTokenRules.MaxOtherKeys * Field(SubmitRequest.MatchingTokensOtherKeysFieldNumber, tokens));
    }

    /// <summary>A length-delimited field: tag, length, then the bytes.</summary>
    private static int Field(int number, int length) =>
        CodedOutputStream.ComputeTagSize(number) + CodedOutputStream.ComputeLengthSize(length) + length;
}
