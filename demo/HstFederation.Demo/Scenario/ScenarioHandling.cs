using Google.Protobuf.WellKnownTypes;
using HstFederation.Protocol.V1;

namespace HstFederation.Demo.Scenario;

/// <summary>Handling blocks for the scenario's messages: the source's evaluation, addressees and five years' retention.</summary>
internal static class ScenarioHandling
{
    public static Handling For(
        DateTimeOffset now, HandlingCode code, SourceReliability reliability, InformationAccuracy accuracy, bool hubMayRead, string instructions, params string[] members)
    {
        var handling = new Handling
        {
            Code = code,
            SourceReliability = reliability,
            InformationAccuracy = accuracy,
            HubMayRead = hubMayRead,
            RetainUntil = Timestamp.FromDateTimeOffset(now.AddYears(5)),
            Instructions = instructions,
            Addressees = new Addressees(),
        };
        handling.Addressees.Members.AddRange(members);
        return handling;
    }

    public static Place Place(string country, string locality) => new() { Country = country, Locality = locality };

    public static PartialDate Date(int year, int month = 0, int day = 0) => new() { Year = (uint)year, Month = (uint)month, Day = (uint)day };
}
