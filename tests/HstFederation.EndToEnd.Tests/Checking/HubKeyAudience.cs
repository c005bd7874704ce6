using HstFederation.EndToEnd.Tests.Harness;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>
/// THREATS row 11 read from the envelopes the hub keeps: the hub is a key recipient of exactly the messages whose agency
/// let it read them. The canary scan alone cannot show this: a hub able to open a direct message writes none of its
/// text anywhere (it keeps entities of what it may read, never a case summary), so a node that sealed a direct message
/// for the hub would pass the scan while the hub could read it.
/// </summary>
internal static class HubKeyAudience
{
    /// <summary>One line per planned message the hub holds sealed otherwise than its agency asked, or does not hold.</summary>
    public static List<string> Violations(
        string hubDatabasePath, IReadOnlyDictionary<int, AgencySubmitResponse> queued, IReadOnlyList<PlannedMessage> plan)
    {
        var sealedForTheHub = HubListedByMessageId(hubDatabasePath);
        var violations = new List<string>();
        foreach (var message in plan)
        {
            if (!queued.TryGetValue(message.Number, out var response))
            {
                continue;
            }

            // The agency API's canonical UUID text is the 16 message-id bytes in order.
            var id = response.MessageId.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
            if (!sealedForTheHub.TryGetValue(id, out var hubListed))
            {
                violations.Add($"#{message.Number} {response.MessageId}: not held by the hub");
            }
            else if (hubListed != message.HubMayRead)
            {
                violations.Add($"#{message.Number} {response.MessageId}: the agency said the hub may {(message.HubMayRead ? "" : "not ")}read it, "
                    + $"the envelope the hub holds is {(hubListed ? "" : "not ")}sealed for the hub");
            }
        }

        return violations;
    }

    /// <summary>Per message id (hex), whether the hub is among the signed recipients (a key wrap for it) or the signed handling lets it read.</summary>
    private static Dictionary<string, bool> HubListedByMessageId(string databasePath)
    {
        using var connection = ReadOnlyDatabase.Open(databasePath);
        using var command = connection.Command("SELECT message_id, envelope FROM messages;");
        using var reader = command.ExecuteReader();
        var listed = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var header = EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom((byte[])reader[1]).Header);
            listed[Convert.ToHexString((byte[])reader[0])] =
                header.Recipients.Any(r => r.Party == PartyId.Hub.Uri) || header.Handling?.HubMayRead == true;
        }

        return listed;
    }
}
