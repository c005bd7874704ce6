using HstFederation.Protocol.Validation;

namespace HstFederation.Node.Agency;

/// <summary>
/// A validated page size and position in one list of one agency: <see cref="Before"/> is the local id to continue below
/// (null for the first page), read from a token <see cref="AgencyPageTokens"/> issued to this agency for this list;
/// <see cref="Next"/> issues the token for the page after.
/// </summary>
internal sealed record PageRequest(int Size, long? Before, string List, string Actor, AgencyPageTokens Tokens)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static PageRequest Parse(
        AgencyPageTokens tokens, AgencyCaller caller, string list, uint pageSize, string pageToken, string sizeField = "page_size", string tokenField = "page_token")
    {
        var size = SizeOf(pageSize, sizeField);
        var before = string.IsNullOrEmpty(pageToken) ? (long?)null : tokens.Read(caller.Actor, list, pageToken, tokenField);
        return new PageRequest(size, before, list, caller.Actor, tokens);
    }

    /// <summary>The page size asked for: 0 is the default, past <see cref="MaxSize"/> refused.</summary>
    public static int SizeOf(uint pageSize, string sizeField = "page_size") =>
        pageSize > MaxSize
            ? throw AgencyException.Invalid(sizeField, ErrorCodes.OutOfRange, $"at most {MaxSize}")
            : pageSize == 0 ? DefaultSize : (int)pageSize;

    /// <summary>The token of the page that continues below local id <paramref name="before"/>.</summary>
    public string Next(long before) => Tokens.Issue(Actor, List, before);
}
