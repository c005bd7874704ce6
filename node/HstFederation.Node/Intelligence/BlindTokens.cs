using HstFederation.Entities;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// Blind matching tokens for the messages the hub may not read (docs/node.md, "Blind tokens and the matching key"):
/// the message's strong identifiers, normalised as the hub normalises what it reads (HstFederation.Entities), each
/// as an HMAC under the federation matching key that members hold and the hub does not. The hub matches tokens
/// against tokens and learns no identifier. Under the current key in <c>matching_tokens</c> and, during a rotation,
/// under each previous key the node still holds in <c>matching_tokens_other_keys</c>, so the hub matches them against
/// holdings tokenised under either. Without a key, or for a message the hub may read (it matches the content itself
/// and refuses tokens with it), there are none. At most <see cref="MaxTokens"/> per key, the hub's limit.
/// </summary>
internal sealed class BlindTokens(IReadOnlyList<MatchingKey> keys, PartyId me)
{
    /// <summary>The most tokens the hub takes under one key (more is refused as MATCHING_TOKENS_INVALID).</summary>
    public const int MaxTokens = 1000;

    /// <summary>The most keys a submission carries tokens under: the current one and the hub's limit of 3 others.</summary>
    public const int MaxKeys = 4;

    public BlindTokens(MatchingKey? key, PartyId me)
        : this(key is null ? [] : [key], me)
    {
    }

    /// <summary>The key tokens are computed under first (matching_tokens), or null when the node has none.</summary>
    public MatchingKey? Key => keys.Count > 0 ? keys[0] : null;

    /// <summary>
    /// What <paramref name="message"/> adds to its SubmitRequest: matching_tokens and matching_tokens_other_keys (the
    /// envelope left empty), or null when it carries no tokens.
    /// </summary>
    public SubmitRequest? For(HstMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (keys.Count == 0 || message.Handling?.HubMayRead != false)
        {
            return null;
        }

        var entities = EntityExtractor.Extract(message, me.Code);
        var request = new SubmitRequest();
        foreach (var key in keys.Take(MaxKeys))
        {
            var tokens = MatchingTokenizer.Compute(entities, key);
            if (tokens.Tokens.Count == 0)
            {
                return null;
            }

            while (tokens.Tokens.Count > MaxTokens)
            {
                // Identifiers in message order: the first ones are kept, deterministically, so a reseal sends the same.
                tokens.Tokens.RemoveAt(tokens.Tokens.Count - 1);
            }

            if (request.MatchingTokens is null)
            {
                request.MatchingTokens = tokens;
            }
            else
            {
                request.MatchingTokensOtherKeys.Add(tokens);
            }
        }

        return request;
    }
}
