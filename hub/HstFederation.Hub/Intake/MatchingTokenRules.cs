using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intake;

/// <summary>
/// What SubmitRequest.matching_tokens may hold (docs/intelligence.md §5): a key id, and 1 to <see cref="MaxTokens"/> tokens
/// of strong-identifier kinds, each a 32-byte HMAC with the path of its identifier in the source's message. The hub
/// stores nothing else of them and cannot check more: it does not hold the key.
/// </summary>
internal static class MatchingTokenRules
{
    public const int MaxKeyIdLength = 64;
    public const int MaxTokens = 1000;
    public const int MaxPathLength = 256;
    public const int TokenSize = 32;

    /// <summary>Null when the tokens are well-formed; otherwise what is wrong (never a token's bytes).</summary>
    public static string? Problem(MatchingTokens tokens)
    {
        if (tokens.KeyId.Length is 0 or > MaxKeyIdLength || !tokens.KeyId.All(c => c is >= '!' and <= '~'))
        {
            return $"key_id must be 1 to {MaxKeyIdLength} printable ASCII characters";
        }

        if (tokens.Tokens.Count is 0 or > MaxTokens)
        {
            return $"1 to {MaxTokens} tokens, not {tokens.Tokens.Count}";
        }

        for (var i = 0; i < tokens.Tokens.Count; i++)
        {
            var token = tokens.Tokens[i];
            if (token.Token.Length != TokenSize)
            {
                return $"tokens[{i}] is {token.Token.Length} bytes, not {TokenSize}";
            }

            if (!IsStrongIdentifier(token.Kind))
            {
                return $"tokens[{i}] has kind {token.Kind}, not a strong identifier";
            }

            if (token.Path.Length is 0 or > MaxPathLength)
            {
                return $"tokens[{i}] needs a path of 1 to {MaxPathLength} characters";
            }
        }

        return null;
    }

    /// <summary>Only exact identifiers are tokenised; persons and organisations are matched by score, which a keyed hash cannot carry.</summary>
    private static bool IsStrongIdentifier(MatchKind kind) =>
        Enum.IsDefined(kind) && kind is not (MatchKind.Unspecified or MatchKind.Person or MatchKind.Organisation);
}
