using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Identity documents: "TYPE|CC|NUMBER", e.g. "PASSPORT|FR|12AB34567" (docs/matching.md §2). The number is
/// compacted (<see cref="IdentifierText"/>); on machine-readable travel documents (ICAO 9303: passports,
/// identity cards, residence permits, visas, travel documents, seafarer books) the letter O is read as the
/// digit 0 and I as 1. Those numbers are copied by hand from the data page or the MRZ, where the pairs are the
/// classic misreadings, and a number differing from another only in them is taken as the same document (a
/// false candidate costs an analyst's look; a missed hit costs the link). Driving licences and other
/// documents have national formats whose letters carry meaning, so their numbers are not folded.
/// </summary>
internal static class DocumentNumbers
{
    public static string? Normalise(DocumentType type, string? number, string? issuingCountry)
    {
        var compact = IdentifierText.Compact(number);
        if (compact.Length < 3 || !IdentifierText.IsAlphanumeric(compact))
        {
            return null;
        }

        var folded = FoldsAmbiguities(type) ? compact.Replace('O', '0').Replace('I', '1') : compact;
        return $"{TypeName(type)}|{Countries.Normalise(issuingCountry)}|{folded}";
    }

    /// <summary>Whether the type's numbers fold O→0 and I→1 (the machine-readable travel documents).</summary>
    public static bool FoldsAmbiguities(DocumentType type) => type is DocumentType.Passport or DocumentType.IdentityCard
        or DocumentType.ResidencePermit or DocumentType.Visa or DocumentType.TravelDocument or DocumentType.SeafarerBook;

    private static string TypeName(DocumentType type) => type switch
    {
        DocumentType.Passport => "PASSPORT",
        DocumentType.IdentityCard => "IDENTITY_CARD",
        DocumentType.ResidencePermit => "RESIDENCE_PERMIT",
        DocumentType.Visa => "VISA",
        DocumentType.DrivingLicence => "DRIVING_LICENCE",
        DocumentType.TravelDocument => "TRAVEL_DOCUMENT",
        DocumentType.SeafarerBook => "SEAFARER_BOOK",
        _ => "OTHER",
    };
}
