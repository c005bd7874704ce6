using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Incidents: when (not in the future), where, and the conveyances involved.</summary>
internal static class IncidentRules
{
    public static void CheckAll(ValidationContext context, IReadOnlyList<Incident> incidents)
    {
        var count = ListRules.Count(context, "", "incidents", incidents.Count, HstMessageLimits.MaxIncidents);
        for (var i = 0; i < count; i++)
        {
            Check(context, FieldPath.Item("", "incidents", i), incidents[i]);
        }
    }

    private static void Check(ValidationContext context, string path, Incident incident)
    {
        if (incident.OccurredAt is { } occurredAt
            && DateRules.CheckTimestamp(context, path, "occurred_at", occurredAt) is { } when)
        {
            if (when.Year < HstMessageLimits.MinYear)
            {
                context.Add(path, "occurred_at", ErrorCodes.OutOfRange, $"Incidents before {HstMessageLimits.MinYear} are not accepted.");
            }
            else if (when > context.LatestPastInstant)
            {
                context.Add(path, "occurred_at", ErrorCodes.InvalidDate, "An incident cannot lie in the future.");
            }
        }

        PlaceRules.CheckField(context, path, "place", incident.Place);
        TextRules.Check(context, path, "description", incident.Description, HstMessageLimits.MaxFreeTextLength);
        ListRules.Indexes(context, path, "conveyance_indexes", incident.ConveyanceIndexes, context.Message.Conveyances.Count, "conveyances");
    }
}
