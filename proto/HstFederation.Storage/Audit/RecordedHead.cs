using System.Globalization;

namespace HstFederation.Storage.Audit;

/// <summary>
/// A head of the audit chain recorded earlier (by `backup` or `verify-audit`) where the operators cannot write: the
/// entry it was taken at and that entry's hash. A chain that still holds this hash at that entry holds entries
/// 1..<see cref="Entry"/> exactly as they were when it was recorded; a history rewritten since, every later hash recomputed, does not.
/// </summary>
public sealed record RecordedHead(long Entry, byte[] Hash)
{
    /// <summary>How the head is written on the command line and printed: <c>entry:hash</c> (64 hex digits).</summary>
    public const string Form = "ENTRY:HASH";

    /// <summary>The head as <c>15320:6a28…</c>, the form <see cref="TryParse"/> reads.</summary>
    public override string ToString() => $"{Entry.ToString(CultureInfo.InvariantCulture)}:{Convert.ToHexStringLower(Hash)}";

    /// <summary>Reads <c>entry:hash</c>; a message for the operator when <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string text, out RecordedHead head, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        head = null!;
        var parts = text.Trim().Split(':');
        if (parts.Length != 2)
        {
            problem = $"'{text}' is not a recorded head: write it as {Form}, the entry count and the head that 'backup' or 'verify-audit' printed (e.g. 15320:6a28…, 64 hex digits)";
            return false;
        }

        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var entry) || entry < 1)
        {
            problem = $"'{parts[0]}' is not an entry number: the count of entries the head was recorded at, 1 or more";
            return false;
        }

        if (parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit))
        {
            problem = $"'{parts[1]}' is not a head: 64 hex digits, as 'backup' or 'verify-audit' printed it";
            return false;
        }

        head = new RecordedHead(entry, Convert.FromHexString(parts[1]));
        problem = string.Empty;
        return true;
    }
}
