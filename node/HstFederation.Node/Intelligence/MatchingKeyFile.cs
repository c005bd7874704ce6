using HstFederation.Entities;
using HstFederation.Node.Hosting;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// Node:MatchingKeyPath read at start: the federation matching key file (HstFederation.Entities.MatchingKey's format),
/// the current key first and, during a rotation, the previous one(s) after it (at most <see cref="BlindTokens.MaxKeys"/>
/// in all, the hub's limit). Tokens are computed under each: the current key's in matching_tokens, the others' in
/// matching_tokens_other_keys. A set path that cannot be read is a configuration error naming the setting: a node that
/// should tokenise must not quietly stop doing so.
/// </summary>
internal sealed record MatchingKeyFile(string Path, IReadOnlyList<MatchingKey> Keys)
{
    public MatchingKey Current => Keys[0];

    /// <summary>The key file named by <paramref name="options"/>, or null when the setting is empty.</summary>
    public static MatchingKeyFile? Load(NodeOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.MatchingKeyPath))
        {
            return null;
        }

        var path = System.IO.Path.GetFullPath(options.MatchingKeyPath);
        IReadOnlyList<MatchingKey> keys;
        try
        {
            keys = MatchingKey.LoadAll(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new NodeConfigurationException(
                $"{NodeOptions.Section}:{nameof(NodeOptions.MatchingKeyPath)}: {path}: {e.Message} (a federation matching key file; the dev PKI's 'matching-key' makes one)", e);
        }

        var problem = keys.Count > BlindTokens.MaxKeys
            ? $"holds {keys.Count} keys; at most {BlindTokens.MaxKeys} (the current one and {BlindTokens.MaxKeys - 1} previous)"
            : keys.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count() != keys.Count ? "names a key id twice" : null;
        return problem is null
            ? new MatchingKeyFile(path, keys)
            : throw new NodeConfigurationException($"{NodeOptions.Section}:{nameof(NodeOptions.MatchingKeyPath)}: {path} {problem}.");
    }
}
