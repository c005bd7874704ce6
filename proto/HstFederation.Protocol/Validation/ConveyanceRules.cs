using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Conveyances: exactly one of vehicle, vessel (IMO, MMSI) or flight, each with something to match on.</summary>
internal static class ConveyanceRules
{
    private const int Short = HstMessageLimits.MaxShortTextLength;

    public static void CheckAll(ValidationContext context, IReadOnlyList<Conveyance> conveyances)
    {
        var count = ListRules.Count(context, "", "conveyances", conveyances.Count, HstMessageLimits.MaxConveyances);
        for (var i = 0; i < count; i++)
        {
            Check(context, FieldPath.Item("", "conveyances", i), conveyances[i]);
        }
    }

    private static void Check(ValidationContext context, string path, Conveyance conveyance)
    {
        switch (conveyance.KindCase)
        {
            case Conveyance.KindOneofCase.Vehicle:
                CheckVehicle(context, FieldPath.Field(path, "vehicle"), conveyance.Vehicle);
                break;
            case Conveyance.KindOneofCase.Vessel:
                CheckVessel(context, FieldPath.Field(path, "vessel"), conveyance.Vessel);
                break;
            case Conveyance.KindOneofCase.Flight:
                CheckFlight(context, FieldPath.Field(path, "flight"), conveyance.Flight);
                break;
            default:
                context.Add(path, "kind", ErrorCodes.Required, "A conveyance is a vehicle, a vessel or a flight.");
                break;
        }

        TextRules.Check(context, path, "remarks", conveyance.Remarks, HstMessageLimits.MaxFreeTextLength);
    }

    private static void CheckVehicle(ValidationContext context, string path, Vehicle vehicle)
    {
        TextRules.Check(context, path, "plate", vehicle.Plate, Short);
        CountryRules.Check(context, path, "plate_country", vehicle.PlateCountry, required: false);
        TextRules.Check(context, path, "make_model", vehicle.MakeModel, Short);
        TextRules.Check(context, path, "colour", vehicle.Colour, Short);
        TextRules.Check(context, path, "vin", vehicle.Vin, Short);
        if (!TextRules.HasText(vehicle.Plate) && !TextRules.HasText(vehicle.Vin) && !TextRules.HasText(vehicle.MakeModel))
        {
            context.Add(path, ErrorCodes.Required, "A vehicle needs a plate, a VIN or a make and model.");
        }
    }

    private static void CheckVessel(ValidationContext context, string path, Vessel vessel)
    {
        TextRules.Check(context, path, "name", vessel.Name, Short);
        if (TextRules.Check(context, path, "imo", vessel.Imo, Short) && !FormatRules.IsImo(vessel.Imo))
        {
            context.Add(path, "imo", ErrorCodes.InvalidFormat, "Expected seven digits with a valid IMO check digit, without the \"IMO\" prefix.");
        }

        if (TextRules.Check(context, path, "mmsi", vessel.Mmsi, Short) && !FormatRules.IsMmsi(vessel.Mmsi))
        {
            context.Add(path, "mmsi", ErrorCodes.InvalidFormat, "Expected nine digits.");
        }

        CountryRules.Check(context, path, "flag", vessel.Flag, required: false);
        TextRules.Check(context, path, "vessel_type", vessel.VesselType, Short);
        if (!TextRules.HasText(vessel.Name) && !TextRules.HasText(vessel.Imo) && !TextRules.HasText(vessel.Mmsi))
        {
            context.Add(path, ErrorCodes.Required, "A vessel needs a name, an IMO number or an MMSI.");
        }
    }

    private static void CheckFlight(ValidationContext context, string path, Flight flight)
    {
        TextRules.Check(context, path, "flight_number", flight.FlightNumber, Short, required: true);
        DateRules.CheckPartial(context, FieldPath.Field(path, "date"), flight.Date,
            context.Now.UtcDateTime.Year + HstMessageLimits.MaxYearsAheadForEvents);
    }
}
