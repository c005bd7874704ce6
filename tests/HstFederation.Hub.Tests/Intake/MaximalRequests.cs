using Google.Protobuf;
using HstFederation.Hub.Intake;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Intake;

/// <summary>Submit requests at the edge of what the hub must read.</summary>
internal static class MaximalRequests
{
    /// <summary>
    /// <paramref name="envelope"/> beside the most blind tokens <see cref="MatchingTokenRules"/> allows: every key, every
    /// token, the longest key ids and paths (256 characters of 3 bytes each in UTF-8).
    /// </summary>
    public static SubmitRequest WithMostTokens(byte[] envelope)
    {
        var keys = Enumerable.Range(0, 1 + MatchingTokenRules.MaxOtherKeys).Select(Tokens).ToList();
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(envelope), MatchingTokens = keys[0] };
        request.MatchingTokensOtherKeys.AddRange(keys.Skip(1));
        return request;
    }

    private static MatchingTokens Tokens(int key)
    {
        var tokens = new MatchingTokens { KeyId = key.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(MatchingTokenRules.MaxKeyIdLength, 'k') };
        for (var i = 0; i < MatchingTokenRules.MaxTokens; i++)
        {
            var token = new byte[MatchingTokenRules.TokenSize];
            BitConverter.TryWriteBytes(token, (key * MatchingTokenRules.MaxTokens) + i);
            tokens.Tokens.Add(new MatchingToken
            {
                Kind = MatchKind.FinancialAccount,
                Token = ByteString.CopyFrom(token),
                Path = new string('€', MatchingTokenRules.MaxPathLength),
            });
        }

        return tokens;
    }
}
