using System.Globalization;
using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Agency;

/// <summary>
/// A validated page size and position. Tokens are opaque to agencies: "outbox:N", "inbox:N", "hits:N", "products:N" (a local
/// id to continue below).
/// </summary>
internal sealed record PageRequest(int Size, string? Box, long? Before)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static PageRequest Parse(uint pageSize, string pageToken, string sizeField = "page_size", string tokenField = "page_token")
    {
        if (pageSize > MaxSize)
        {
            throw AgencyException.Invalid(sizeField, ErrorCodes.OutOfRange, $"at most {MaxSize}");
        }

        var size = pageSize == 0 ? DefaultSize : (int)pageSize;
        if (string.IsNullOrEmpty(pageToken))
        {
            return new PageRequest(size, null, null);
        }

        var colon = pageToken.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && pageToken[..colon] is "outbox" or "inbox" or "hits" or "products"
            && long.TryParse(pageToken.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var before)
            && before > 0)
        {
            return new PageRequest(size, pageToken[..colon], before);
        }

        throw AgencyException.Invalid(tokenField, ErrorCodes.InvalidFormat, "not a page token from a previous response");
    }

    public static string Token(string box, long before) => $"{box}:{before.ToString(CultureInfo.InvariantCulture)}";
}
