using HstFederation.Entities.Normalisation;
using HstFederation.Protocol.V1;
using static HstFederation.Entities.Extraction.EntityPaths;

namespace HstFederation.Entities.Extraction;

/// <summary>
/// Vehicle plates and VINs, vessel IMO and MMSI numbers. Vessel names and flight numbers are no strong
/// identifiers: names repeat across fleets, and a flight number names a scheduled service.
/// </summary>
internal static class ConveyanceIdentifiers
{
    public static void Collect(IdentifierCollector identifiers, Conveyance conveyance, string path)
    {
        switch (conveyance.KindCase)
        {
            case Conveyance.KindOneofCase.Vehicle:
                var vehicle = Field(path, "vehicle");
                identifiers.Add(MatchKind.Vehicle, Vehicles.Plate(conveyance.Vehicle.Plate, conveyance.Vehicle.PlateCountry), Field(vehicle, "plate"));
                identifiers.Add(MatchKind.Vehicle, Vehicles.Vin(conveyance.Vehicle.Vin), Field(vehicle, "vin"));
                break;
            case Conveyance.KindOneofCase.Vessel:
                var vessel = Field(path, "vessel");
                identifiers.Add(MatchKind.Vessel, Vessels.Imo(conveyance.Vessel.Imo), Field(vessel, "imo"));
                identifiers.Add(MatchKind.Vessel, Vessels.Mmsi(conveyance.Vessel.Mmsi), Field(vessel, "mmsi"));
                break;
            case Conveyance.KindOneofCase.Flight:
            case Conveyance.KindOneofCase.None:
            default:
                break;
        }
    }
}
