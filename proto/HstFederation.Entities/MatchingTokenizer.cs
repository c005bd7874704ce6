using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities;

/// <summary>
/// Blind matching tokens of a message's strong identifiers (intelligence.proto MatchingToken, docs/matching.md
/// §5): HMAC-SHA256(key, "HST/v1/matching-token" ‖ 0x00 ‖ kind ‖ 0x00 ‖ value), the kind as the decimal
/// MatchKind number in ASCII and the value as the normalised identifier in UTF-8. One token per distinct
/// (kind, value), with the path of its first occurrence. Equal identifiers under the same key give equal
/// tokens whatever their formatting in the message; without the key a token reveals nothing of the value.
/// </summary>
public static class MatchingTokenizer
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("HST/v1/matching-token");

    public static MatchingTokens Compute(MessageEntities entities, MatchingKey key)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(key);
        var tokens = new MatchingTokens { KeyId = key.Id };
        var seen = new HashSet<(MatchKind, string)>();
        foreach (var identifier in entities.Identifiers)
        {
            if (seen.Add((identifier.Kind, identifier.Value)))
            {
                tokens.Tokens.Add(new MatchingToken
                {
                    Kind = identifier.Kind,
                    Token = ByteString.CopyFrom(Token(key, identifier.Kind, identifier.Value)),
                    Path = identifier.Path,
                });
            }
        }

        return tokens;
    }

    /// <summary>The token of one normalised identifier.</summary>
    public static byte[] Token(MatchingKey key, MatchKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var kindText = Encoding.ASCII.GetBytes(((int)kind).ToString(CultureInfo.InvariantCulture));
        var valueBytes = Encoding.UTF8.GetBytes(value);
        var input = new byte[Label.Length + 1 + kindText.Length + 1 + valueBytes.Length];
        Label.CopyTo(input, 0);
        kindText.CopyTo(input, Label.Length + 1);
        valueBytes.CopyTo(input, Label.Length + 1 + kindText.Length + 1);
        return HMACSHA256.HashData(key.Key, input);
    }
}
