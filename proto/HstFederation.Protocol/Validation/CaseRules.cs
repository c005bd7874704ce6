using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>The case: reference, title, crime types, status, requests, contact and language.</summary>
internal static class CaseRules
{
    private const string CasePath = "case";

    public static void Check(ValidationContext context, Case? @case)
    {
        if (@case is null)
        {
            context.Add(CasePath, ErrorCodes.Required, "The case is required.");
            return;
        }

        TextRules.Check(context, CasePath, "reference", @case.Reference, HstMessageLimits.MaxShortTextLength, required: true);
        TextRules.Check(context, CasePath, "title", @case.Title, HstMessageLimits.MaxNameLength, required: true);
        TextRules.Check(context, CasePath, "summary", @case.Summary, HstMessageLimits.MaxFreeTextLength);
        CheckCrimeTypes(context, @case.CrimeTypes);
        EnumRules.Required(context, CasePath, "status", @case.Status);
        CheckRequests(context, @case.Requests);
        TextRules.Check(context, CasePath, "contact_point", @case.ContactPoint, HstMessageLimits.MaxNameLength);
        if (TextRules.Check(context, CasePath, "language", @case.Language, HstMessageLimits.MaxShortTextLength)
            && !FormatRules.IsLanguageTag(@case.Language))
        {
            context.Add(CasePath, "language", ErrorCodes.InvalidFormat, "Expected a BCP 47 language tag, e.g. \"en\" or \"fr-FR\".");
        }

        var references = ListRules.Count(context, CasePath, "related_references", @case.RelatedReferences.Count, HstMessageLimits.MaxRelatedReferences);
        for (var i = 0; i < references; i++)
        {
            TextRules.CheckItem(context, CasePath, "related_references", i, @case.RelatedReferences[i], HstMessageLimits.MaxShortTextLength);
        }
    }

    private static void CheckCrimeTypes(ValidationContext context, IReadOnlyList<CrimeType> crimeTypes)
    {
        if (crimeTypes.Count == 0)
        {
            context.Add(CasePath, "crime_types", ErrorCodes.Required, "At least one crime type is required.");
            return;
        }

        var count = ListRules.Count(context, CasePath, "crime_types", crimeTypes.Count, HstMessageLimits.MaxCrimeTypes);
        var seen = new HashSet<CrimeType>();
        for (var i = 0; i < count; i++)
        {
            var path = FieldPath.Item(CasePath, "crime_types", i);
            if (EnumRules.Item(context, path, crimeTypes[i]) && !seen.Add(crimeTypes[i]))
            {
                context.Add(path, ErrorCodes.Duplicate, "This crime type is already listed.");
            }
        }
    }

    private static void CheckRequests(ValidationContext context, IReadOnlyList<Request> requests)
    {
        var count = ListRules.Count(context, CasePath, "requests", requests.Count, HstMessageLimits.MaxRequests);
        for (var i = 0; i < count; i++)
        {
            var path = FieldPath.Item(CasePath, "requests", i);
            var request = requests[i];
            EnumRules.Required(context, path, "type", request.Type);
            TextRules.Check(context, path, "details", request.Details, HstMessageLimits.MaxFreeTextLength);
            if (request.HasPersonIndex)
            {
                ListRules.Index(context, FieldPath.Field(path, "person_index"), request.PersonIndex, context.Message.Persons.Count, "persons");
            }
        }
    }
}
