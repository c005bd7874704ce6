using System.Security.Cryptography;
using System.Text;

namespace HstFederation.Entities;

/// <summary>
/// The federation matching key: 32 secret bytes that every member node holds and the hub does not, named by
/// an id (e.g. "2026-1") that travels with the tokens (docs/matching.md §5). Key file format, UTF-8 text:
/// <code>
/// # comments and blank lines are ignored
/// id: 2026-1
/// key: &lt;32 bytes, base64&gt;
/// </code>
/// A file may hold several keys, each an <c>id:</c> line followed by its <c>key:</c> line: the first is the
/// current key, the others are kept during a rotation overlap (<see cref="LoadAll"/>).
/// </summary>
public sealed class MatchingKey
{
    public const int KeyLength = 32;
    private readonly byte[] _key;

    public MatchingKey(string id, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException("A matching key id is 1 to 64 characters without white space.", nameof(id));
        }

        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A matching key is {KeyLength} bytes.", nameof(key));
        }

        Id = id;
        _key = (byte[])key.Clone();
    }

    public string Id { get; }

    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>A new key from the system's cryptographic random generator.</summary>
    public static MatchingKey Generate(string id) => new(id, RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>The current (first) key of a key file.</summary>
    /// <exception cref="FormatException">The file is not a key file or holds no key.</exception>
    public static MatchingKey Load(string path) => LoadAll(path)[0];

    /// <summary>Every key of a key file, the current one first.</summary>
    /// <exception cref="FormatException">The file is not a key file or holds no key.</exception>
    public static IReadOnlyList<MatchingKey> LoadAll(string path) => Parse(File.ReadAllText(path, Encoding.UTF8));

    public static IReadOnlyList<MatchingKey> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var keys = new List<MatchingKey>();
        string? id = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = colon < 0 ? (line, "") : (line[..colon].Trim(), line[(colon + 1)..].Trim());
            switch (name)
            {
                case "id" when id is null:
                    id = value;
                    break;
                case "key" when id is not null:
                    keys.Add(Create(id, value));
                    id = null;
                    break;
                default:
                    throw new FormatException($"Unexpected line in the matching key file: expected '{(id is null ? "id" : "key")}: …'.");
            }
        }

        return id is null && keys.Count > 0 ? keys : throw new FormatException("The matching key file holds no complete 'id:' and 'key:' pair.");
    }

    /// <summary>The key file text for <paramref name="keys"/>, the current key first.</summary>
    public static string Format(IEnumerable<MatchingKey> keys)
    {
        var builder = new StringBuilder("# HST federation matching key (docs/matching.md §5). Secret: members only, never the hub.\n");
        foreach (var key in keys)
        {
            builder.Append("id: ").Append(key.Id).Append('\n').Append("key: ").Append(Convert.ToBase64String(key._key)).Append('\n');
        }

        return builder.ToString();
    }

    private static MatchingKey Create(string id, string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new FormatException($"The key of matching key '{id}' is not base64.", e);
        }

        try
        {
            return new MatchingKey(id, bytes);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
