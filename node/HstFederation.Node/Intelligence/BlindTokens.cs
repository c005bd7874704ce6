using HstFederation.Entities;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// Blind matching tokens for the messages the hub may not read (docs/node.md, "Blind tokens and the matching key"):
/// the message's strong identifiers, normalised as the hub normalises what it reads (HstFederation.Entities), each
/// as an HMAC under the federation matching key that members hold and the hub does not. The hub matches tokens
/// against tokens and learns no identifier. Without a key, or for a message the hub may read (it matches the
/// content itself and refuses tokens with it), there are none. At most <see cref="MaxTokens"/>, the hub's limit.
/// </summary>
internal sealed class BlindTokens(MatchingKey? key, PartyId me)
{
    /// <summary>The most tokens the hub takes with one envelope (more is refused as MATCHING_TOKENS_INVALID).</summary>
    public const int MaxTokens = 1000;

    /// <summary>The key tokens are computed under, or null when the node has none.</summary>
    public MatchingKey? Key => key;

    /// <summary>The tokens <paramref name="message"/> leaves with, or null when it carries none.</summary>
    public MatchingTokens? For(HstMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (key is null || message.Handling?.HubMayRead != false)
        {
            return null;
        }

        var tokens = MatchingTokenizer.Compute(EntityExtractor.Extract(message, me.Code), key);
        if (tokens.Tokens.Count == 0)
        {
            return null;
        }

        while (tokens.Tokens.Count > MaxTokens)
        {
            // Identifiers in message order: the first ones are kept, deterministically, so a reseal sends the same.
            tokens.Tokens.RemoveAt(tokens.Tokens.Count - 1);
        }

        return tokens;
    }
}
