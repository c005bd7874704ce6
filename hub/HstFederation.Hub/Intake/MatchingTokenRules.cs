using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intake;

/// <summary>
/// What SubmitRequest.matching_tokens and matching_tokens_other_keys may hold (docs/intelligence.md §5): per key, a key
/// id (one the hub accepts, when Hub:Intelligence:MatchingKeyIds lists them) and 1 to <see cref="MaxTokens"/> tokens of
/// strong-identifier kinds, each a 32-byte HMAC with the path of its identifier in the source's message; other keys
/// only beside the current one, each key id once. The hub stores nothing else of them and cannot check more: it does
/// not hold the key.
/// </summary>
internal static class MatchingTokenRules
{
    public const int MaxKeyIdLength = 64;
    public const int MaxTokens = 1000;
    public const int MaxPathLength = 256;
    public const int TokenSize = 32;

    /// <summary>Keys of a rotation overlap at most, besides the current one.</summary>
    public const int MaxOtherKeys = 3;

    /// <summary>Null when the tokens are well-formed (or there are none); otherwise what is wrong (never a token's bytes).</summary>
    public static string? Problem(MatchingTokens? current, IReadOnlyList<MatchingTokens> others, IReadOnlyCollection<string> acceptedKeyIds)
    {
        if (current is null)
        {
            return others.Count == 0 ? null : "matching_tokens_other_keys without matching_tokens";
        }

        if (others.Count > MaxOtherKeys)
        {
            return $"at most {MaxOtherKeys} matching_tokens_other_keys, not {others.Count}";
        }

        var keyIds = new HashSet<string>(StringComparer.Ordinal) { current.KeyId };
        var problem = ProblemOf(current, "matching_tokens", acceptedKeyIds);
        for (var i = 0; problem is null && i < others.Count; i++)
        {
            var field = $"matching_tokens_other_keys[{i}]";
            problem = ProblemOf(others[i], field, acceptedKeyIds)
                ?? (keyIds.Add(others[i].KeyId) ? null : $"{field} repeats key_id {others[i].KeyId}");
        }

        return problem;
    }

    private static string? ProblemOf(MatchingTokens tokens, string field, IReadOnlyCollection<string> acceptedKeyIds)
    {
        if (tokens.KeyId.Length is 0 or > MaxKeyIdLength || !tokens.KeyId.All(c => c is >= '!' and <= '~'))
        {
            return $"{field}.key_id must be 1 to {MaxKeyIdLength} printable ASCII characters";
        }

        if (acceptedKeyIds.Count > 0 && !acceptedKeyIds.Contains(tokens.KeyId))
        {
            return $"{field}.key_id {tokens.KeyId} is not a matching key the hub accepts";
        }

        if (tokens.Tokens.Count is 0 or > MaxTokens)
        {
            return $"{field} needs 1 to {MaxTokens} tokens, not {tokens.Tokens.Count}";
        }

        for (var i = 0; i < tokens.Tokens.Count; i++)
        {
            var token = tokens.Tokens[i];
            if (token.Token.Length != TokenSize)
            {
                return $"{field}.tokens[{i}] is {token.Token.Length} bytes, not {TokenSize}";
            }

            if (!IsStrongIdentifier(token.Kind))
            {
                return $"{field}.tokens[{i}] has kind {token.Kind}, not a strong identifier";
            }

            if (token.Path.Length is 0 or > MaxPathLength)
            {
                return $"{field}.tokens[{i}] needs a path of 1 to {MaxPathLength} characters";
            }
        }

        return null;
    }

    /// <summary>Only exact identifiers are tokenised; persons and organisations are matched by score, which a keyed hash cannot carry.</summary>
    private static bool IsStrongIdentifier(MatchKind kind) =>
        Enum.IsDefined(kind) && kind is not (MatchKind.Unspecified or MatchKind.Person or MatchKind.Organisation);
}
