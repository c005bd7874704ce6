using HstFederation.Entities;
using HstFederation.Node.Hosting;

namespace HstFederation.Node.Intelligence;

/// <summary>
/// Node:MatchingKeyPath read at start: the federation matching key file (HstFederation.Entities.MatchingKey's format),
/// the current key first and, during a rotation, the previous one(s) after it. Tokens are computed under the current
/// key only (MatchingTokens carries one key id). A set path that cannot be read is a configuration error naming the
/// setting: a node that should tokenise must not quietly stop doing so.
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
        try
        {
            return new MatchingKeyFile(path, MatchingKey.LoadAll(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new NodeConfigurationException(
                $"{NodeOptions.Section}:{nameof(NodeOptions.MatchingKeyPath)}: {path}: {e.Message} (a federation matching key file; 'hst-pki matching-key' makes one for development)", e);
        }
    }
}
