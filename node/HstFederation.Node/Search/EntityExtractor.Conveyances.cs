using HstFederation.Protocol.V1;
using static HstFederation.Node.Search.EntityCollector;

namespace HstFederation.Node.Search;

internal static partial class EntityExtractor
{
    private static void Conveyance(EntityCollector entities, Conveyance conveyance, string path)
    {
        switch (conveyance.KindCase)
        {
            case Protocol.V1.Conveyance.KindOneofCase.Vehicle:
                var vehicle = conveyance.Vehicle;
                var vehiclePath = Field(path, "vehicle");
                entities.Exact(SearchKind.Vehicle, vehicle.Plate, Normalisation.Identifier(vehicle.Plate),
                    Qualify("PLATE", vehicle.PlateCountry), Field(vehiclePath, "plate"));
                entities.Exact(SearchKind.Vehicle, vehicle.Vin, Normalisation.Identifier(vehicle.Vin), "VIN", Field(vehiclePath, "vin"));
                break;
            case Protocol.V1.Conveyance.KindOneofCase.Vessel:
                var vessel = conveyance.Vessel;
                var vesselPath = Field(path, "vessel");
                entities.Words(SearchKind.Vessel, vessel.Name, Qualify("NAME", vessel.Flag), Field(vesselPath, "name"),
                    Normalisation.Identifier(vessel.Name));
                entities.Exact(SearchKind.Vessel, vessel.Imo, Normalisation.Identifier(vessel.Imo), "IMO", Field(vesselPath, "imo"));
                entities.Exact(SearchKind.Vessel, vessel.Mmsi, Normalisation.Identifier(vessel.Mmsi), "MMSI", Field(vesselPath, "mmsi"));
                break;
            case Protocol.V1.Conveyance.KindOneofCase.Flight:
                // A flight number names a scheduled service, not a suspect's conveyance: it is kept as text.
                entities.Text(conveyance.Flight.FlightNumber, Field(Field(path, "flight"), "flight_number"));
                break;
            case Protocol.V1.Conveyance.KindOneofCase.None:
            default:
                break;
        }

        entities.Text(conveyance.Remarks, Field(path, "remarks"));
    }
}
