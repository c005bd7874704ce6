using System.Globalization;
using HstFederation.Node.Audit;

namespace HstFederation.Node.Storage;

internal sealed partial class NodeStore
{
    /// <summary>
    /// For `status`: how many times a queued message was numbered again after the hub held its number (audit entries
    /// <see cref="NodeAuditActions.Renumbered"/>, which outlive the rows), and the hub's highest and the time of the last one;
    /// null when never.
    /// </summary>
    public RenumberingSummary? RenumberingSummary()
    {
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() =>
        {
            var count = (long)connection.Scalar("SELECT count(*) FROM audit WHERE action = $action;", ("$action", NodeAuditActions.Renumbered))!;
            if (count == 0)
            {
                return null;
            }

            return connection.Query(
                "SELECT at_ms, detail FROM audit WHERE action = $action ORDER BY seq DESC LIMIT 1;",
                reader =>
                {
                    reader.Read();
                    return new RenumberingSummary(count, HubHighest(reader.GetString(1)), reader.GetInt64(0));
                },
                ("$action", NodeAuditActions.Renumbered));
        });
    }

    /// <summary>The hub's highest in a renumbered entry's detail (<see cref="OutboxRenumbering"/> writes `hub_highest=N`), 0 if absent.</summary>
    private static long HubHighest(string detail)
    {
        const string Key = "hub_highest=";
        var start = detail.IndexOf(Key, StringComparison.Ordinal);
        if (start < 0)
        {
            return 0;
        }

        var digits = detail.AsSpan(start + Key.Length);
        var end = digits.IndexOf(' ');
        return long.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
