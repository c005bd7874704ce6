using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Agency;

/// <summary>
/// The agency API's page tokens: opaque, bound to the agency and the list they were issued for, and tamper-evident, so a
/// token changed, of another list or of another agency is refused (INVALID_REQUEST naming page_token) instead of giving a
/// page that means nothing. A token is the base64url (no padding) of 30 bytes: version 1, the node run's key id (4), the
/// list (1), the local id to continue below (8, big-endian), and the first 16 bytes of HMAC-SHA256, under the node's key,
/// over those 14 bytes and the agency's actor. The key is drawn when the node starts and kept in memory only: nothing
/// to store, back up or leak from the database, and a token gives only a position in a list the agency may page anyway,
/// so it need not outlive the node; after a restart the key id tells the agency to start again, not that its token was
/// changed. The local id stays readable inside the token (it was readable before): the MAC makes it tamper-evident,
/// not secret.
/// </summary>
internal sealed partial class AgencyPageTokens
{
    private const byte Version = 1;
    private const int KeyIdBytes = 4;
    private const int MacBytes = 16;
    private const int SignedBytes = 1 + KeyIdBytes + 1 + 8;
    private const int TokenBytes = SignedBytes + MacBytes;

    /// <summary>The lists that page, by their code in the token (index + 1).</summary>
    private static readonly string[] Lists = [MessageBrowser.OutboxBox, MessageBrowser.InboxBox, IntelligenceBrowser.HitsList, IntelligenceBrowser.ProductsList];

    private readonly byte[] _key;
    private readonly byte[] _keyId;

    public AgencyPageTokens()
        : this(RandomNumberGenerator.GetBytes(32))
    {
    }

    public AgencyPageTokens(byte[] key)
    {
        _key = key;
        _keyId = HMACSHA256.HashData(key, "hst agency page token key id"u8)[..KeyIdBytes];
    }

    /// <summary>The token that continues <paramref name="list"/> below local id <paramref name="before"/>, for <paramref name="actor"/> only.</summary>
    public string Issue(string actor, string list, long before)
    {
        Span<byte> token = stackalloc byte[TokenBytes];
        token[0] = Version;
        _keyId.CopyTo(token[1..]);
        token[1 + KeyIdBytes] = (byte)(Array.IndexOf(Lists, list) + 1);
        BinaryPrimitives.WriteInt64BigEndian(token[(2 + KeyIdBytes)..], before);
        Mac(actor, token[..SignedBytes], token[SignedBytes..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The local id <paramref name="token"/> continues below, if this node issued it to <paramref name="actor"/> for <paramref name="list"/>.</summary>
    public long Read(string actor, string list, string token, string field)
    {
        if (OldForm().IsMatch(token))
        {
            throw Refused(field, "page tokens of the form 'inbox:41' are no longer accepted (tokens are opaque now): "
                + "list again from the first page, with no page_token, and follow next_page_token as returned");
        }

        Span<byte> bytes = stackalloc byte[TokenBytes];
        // IsValid first: TryDecodeFromChars throws, not fails, on a character outside base64url.
        if (!Base64Url.IsValid(token, out var length) || length != TokenBytes
            || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != TokenBytes || bytes[0] != Version)
        {
            throw Refused(field, "not a page token from a previous response: pass next_page_token exactly as it was returned");
        }

        if (!bytes.Slice(1, KeyIdBytes).SequenceEqual(_keyId))
        {
            throw Refused(field, "a page token from before the node restarted (a token lasts until then): list again from the first page, with no page_token");
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(actor, bytes[..SignedBytes], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[SignedBytes..]))
        {
            // Changed, or another agency's: which of the two is not told (the other agency's identity is not the caller's to learn).
            throw Refused(field, "not a page token this node gave this agency (it was changed, or given to another agency): pass next_page_token exactly as it was returned");
        }

        var code = bytes[1 + KeyIdBytes];
        var before = BinaryPrimitives.ReadInt64BigEndian(bytes[(2 + KeyIdBytes)..]);
        if (code < 1 || code > Lists.Length || before <= 0)
        {
            throw Refused(field, "not a page token from a previous response: pass next_page_token exactly as it was returned");
        }

        if (Lists[code - 1] != list)
        {
            throw Refused(field, $"a page token of the {Lists[code - 1]}, not of the {list}: each list pages with its own tokens");
        }

        return before;
    }

    private void Mac(string actor, ReadOnlySpan<byte> signed, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(signed);
        hmac.AppendData(Encoding.UTF8.GetBytes(actor));
        Span<byte> hash = stackalloc byte[32];
        hmac.GetHashAndReset(hash);
        hash[..MacBytes].CopyTo(mac);
    }

    private static AgencyException Refused(string field, string message) => AgencyException.Invalid(field, ErrorCodes.InvalidFormat, message);

    /// <summary>The tokens nodes gave before (a list's name and a local id), refused with their own explanation.</summary>
    [GeneratedRegex("^(outbox|inbox|hits|products):[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OldForm();
}
