using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Routes: at least one leg; each leg from a place to a place, dates in order, conveyances that exist.</summary>
internal static class RouteRules
{
    public static void CheckAll(ValidationContext context, IReadOnlyList<Route> routes)
    {
        var count = ListRules.Count(context, "", "routes", routes.Count, HstMessageLimits.MaxRoutes);
        for (var i = 0; i < count; i++)
        {
            Check(context, FieldPath.Item("", "routes", i), routes[i]);
        }
    }

    private static void Check(ValidationContext context, string path, Route route)
    {
        TextRules.Check(context, path, "name", route.Name, HstMessageLimits.MaxNameLength);
        if (route.Legs.Count == 0)
        {
            context.Add(path, "legs", ErrorCodes.Required, "A route needs at least one leg.");
            return;
        }

        var legs = ListRules.Count(context, path, "legs", route.Legs.Count, HstMessageLimits.MaxLegsPerRoute);
        for (var i = 0; i < legs; i++)
        {
            CheckLeg(context, FieldPath.Item(path, "legs", i), route.Legs[i]);
        }
    }

    private static void CheckLeg(ValidationContext context, string path, RouteLeg leg)
    {
        PlaceRules.CheckField(context, path, "from", leg.From, required: true);
        PlaceRules.CheckField(context, path, "to", leg.To, required: true);
        var via = ListRules.Count(context, path, "via", leg.Via.Count, HstMessageLimits.MaxViaPerLeg);
        for (var i = 0; i < via; i++)
        {
            PlaceRules.Check(context, FieldPath.Item(path, "via", i), leg.Via[i]);
        }

        EnumRules.Defined(context, path, "transport_mode", leg.TransportMode);
        TextRules.Check(context, path, "border_crossing_point", leg.BorderCrossingPoint, HstMessageLimits.MaxShortTextLength);

        var maxYear = context.Now.UtcDateTime.Year + HstMessageLimits.MaxYearsAheadForEvents;
        var departed = DateRules.CheckPartial(context, FieldPath.Field(path, "departed_on"), leg.DepartedOn, maxYear);
        var arrived = DateRules.CheckPartial(context, FieldPath.Field(path, "arrived_on"), leg.ArrivedOn, maxYear);
        if (departed && arrived && DateRules.Compare(leg.DepartedOn, leg.ArrivedOn) > 0)
        {
            context.Add(path, "arrived_on", ErrorCodes.Conflict, "arrived_on lies before departed_on.");
        }

        ListRules.Indexes(context, path, "conveyance_indexes", leg.ConveyanceIndexes, context.Message.Conveyances.Count, "conveyances");
    }
}
