using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Places: a country, optionally a locality and coordinates in range.</summary>
internal static class PlaceRules
{
    public static void Check(ValidationContext context, string path, Place place)
    {
        CountryRules.Check(context, path, "country", place.Country, required: true);
        TextRules.Check(context, path, "locality", place.Locality, HstMessageLimits.MaxShortTextLength);
        if (place.Coordinates is not { } coordinates)
        {
            return;
        }

        if (!InRange(coordinates.Latitude, 90))
        {
            context.Add(FieldPath.Field(path, "coordinates"), "latitude", ErrorCodes.OutOfRange, "The latitude must be a number from -90 to 90.");
        }

        if (!InRange(coordinates.Longitude, 180))
        {
            context.Add(FieldPath.Field(path, "coordinates"), "longitude", ErrorCodes.OutOfRange, "The longitude must be a number from -180 to 180.");
        }
    }

    /// <summary>Checks an optional place field of <paramref name="parent"/>; with <paramref name="required"/>, its absence is an error.</summary>
    public static void CheckField(ValidationContext context, string parent, string field, Place? place, bool required = false)
    {
        if (place is not null)
        {
            Check(context, FieldPath.Field(parent, field), place);
        }
        else if (required)
        {
            context.Add(parent, field, ErrorCodes.Required, "A place is required.");
        }
    }

    // NaN fails both comparisons.
    private static bool InRange(double value, double limit) => value >= -limit && value <= limit;
}
