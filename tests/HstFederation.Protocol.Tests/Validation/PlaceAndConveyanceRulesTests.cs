using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Tests.Validation;

public sealed class PlaceAndConveyanceRulesTests
{
    public static RuleCases Cases => new()
    {
        { "latitude above 90", m => m.Incidents[0].Place.Coordinates.Latitude = 90.000001, "incidents[0].place.coordinates.latitude", ErrorCodes.OutOfRange },
        { "latitude NaN", m => m.Incidents[0].Place.Coordinates.Latitude = double.NaN, "incidents[0].place.coordinates.latitude", ErrorCodes.OutOfRange },
        { "longitude below -180", m => m.Incidents[1].Place.Coordinates.Longitude = -180.5, "incidents[1].place.coordinates.longitude", ErrorCodes.OutOfRange },
        { "longitude infinite", m => m.Routes[0].Legs[0].From.Coordinates.Longitude = double.PositiveInfinity, "routes[0].legs[0].from.coordinates.longitude", ErrorCodes.OutOfRange },
        { "place country alpha-3", m => m.Incidents[0].Place.Country = "ITA", "incidents[0].place.country", ErrorCodes.InvalidCountry },
        { "place without country", m => m.Routes[0].Legs[1].Via[1].Country = "", "routes[0].legs[1].via[1].country", ErrorCodes.Required },
        { "incident conveyance index past the end", m => m.Incidents[0].ConveyanceIndexes.Add(2), "incidents[0].conveyance_indexes[1]", ErrorCodes.InvalidIndex },
        { "route without legs", m => m.Routes[0].Legs.Clear(), "routes[0].legs", ErrorCodes.Required },
        { "leg without origin", m => m.Routes[0].Legs[2].From = null, "routes[0].legs[2].from", ErrorCodes.Required },
        { "leg without destination", m => m.Routes[0].Legs[2].To = null, "routes[0].legs[2].to", ErrorCodes.Required },
        { "leg transport mode unknown", m => m.Routes[0].Legs[0].TransportMode = (TransportMode)8, "routes[0].legs[0].transport_mode", ErrorCodes.InvalidEnum },
        { "leg conveyance index past the end", m => m.Routes[0].Legs[1].ConveyanceIndexes[0] = 7, "routes[0].legs[1].conveyance_indexes[0]", ErrorCodes.InvalidIndex },
        { "conveyance without kind", m => m.Conveyances[1].ClearKind(), "conveyances[1].kind", ErrorCodes.Required },
        { "vessel with nothing to match", m => m.Conveyances[0].Vessel = new Vessel { Flag = "LY" }, "conveyances[0].vessel", ErrorCodes.Required },
        { "vehicle with nothing to match", m => m.Conveyances[1].Vehicle = new Vehicle { Colour = "white" }, "conveyances[1].vehicle", ErrorCodes.Required },
        { "IMO check digit wrong", m => m.Conveyances[0].Vessel.Imo = "8725164", "conveyances[0].vessel.imo", ErrorCodes.InvalidFormat },
        { "IMO with prefix", m => m.Conveyances[0].Vessel.Imo = "IMO 8725163", "conveyances[0].vessel.imo", ErrorCodes.InvalidFormat },
        { "MMSI eight digits", m => m.Conveyances[0].Vessel.Mmsi = "64216703", "conveyances[0].vessel.mmsi", ErrorCodes.InvalidFormat },
        { "vessel flag UK (not assigned)", m => m.Conveyances[0].Vessel.Flag = "UK", "conveyances[0].vessel.flag", ErrorCodes.InvalidCountry },
        { "plate country lower case", m => m.Conveyances[1].Vehicle.PlateCountry = "it", "conveyances[1].vehicle.plate_country", ErrorCodes.InvalidCountry },
        { "flight without number", m => m.Conveyances[1].Flight = new Flight(), "conveyances[1].flight.flight_number", ErrorCodes.Required },
        { "financial type unspecified", m => m.FinancialIdentifiers[1].Type = FinancialIdentifierType.Unspecified, "financial_identifiers[1].type", ErrorCodes.Required },
        { "financial value missing", m => m.FinancialIdentifiers[1].Value = "", "financial_identifiers[1].value", ErrorCodes.Required },
        { "IBAN checksum wrong", m => m.FinancialIdentifiers[0].Value = "IT42 Q030 6909 4201 0000 0004 817", "financial_identifiers[0].value", ErrorCodes.InvalidFormat },
        { "IBAN with a dash", m => m.FinancialIdentifiers[0].Value = "IT41-Q030-6909-4201-0000-0004-817", "financial_identifiers[0].value", ErrorCodes.InvalidFormat },
        { "holder index past the end", m => m.FinancialIdentifiers[0].HolderPersonIndex = 4, "financial_identifiers[0].holder_person_index", ErrorCodes.InvalidIndex },
        { "member index past the end", m => m.Organisations[0].MemberPersonIndexes.Add(uint.MaxValue), "organisations[0].member_person_indexes[3]", ErrorCodes.InvalidIndex },
        { "country of operation unassigned", m => m.Organisations[0].CountriesOfOperation[3] = "ZZ", "organisations[0].countries_of_operation[3]", ErrorCodes.InvalidCountry },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_PlaceOrConveyanceRuleBroken_ReportsPathAndCode(RuleCase rule)
    {
        ValidationExpect.SingleError(ValidationExpect.Mutated(rule.Break), rule.Path, rule.Code);
    }

    [Theory]
    [InlineData(-90.0, -180.0)]
    [InlineData(90.0, 180.0)]
    [InlineData(0.0, 0.0)]
    public void Validate_CoordinatesAtTheLimits_AreValid(double latitude, double longitude)
    {
        var message = ValidationExpect.Mutated(m => m.Incidents[0].Place.Coordinates = new Coordinates { Latitude = latitude, Longitude = longitude });

        ValidationExpect.Valid(message);
    }

    [Fact]
    public void Validate_FlightWithNumberAndDate_IsValid()
    {
        var message = ValidationExpect.Mutated(m => m.Conveyances.Add(new Conveyance
        {
            Flight = new Flight { FlightNumber = "TK1823", Date = new PartialDate { Year = 2025, Month = 9, Day = 2 } },
        }));

        ValidationExpect.Valid(message);
    }
}
