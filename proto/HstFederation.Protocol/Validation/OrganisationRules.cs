using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Organisations: a name, aliases, kind, countries of operation and member persons.</summary>
internal static class OrganisationRules
{
    public static void CheckAll(ValidationContext context, IReadOnlyList<Organisation> organisations)
    {
        var count = ListRules.Count(context, "", "organisations", organisations.Count, HstMessageLimits.MaxOrganisations);
        for (var i = 0; i < count; i++)
        {
            Check(context, FieldPath.Item("", "organisations", i), organisations[i]);
        }
    }

    private static void Check(ValidationContext context, string path, Organisation organisation)
    {
        TextRules.Check(context, path, "name", organisation.Name, HstMessageLimits.MaxNameLength, required: true);
        var aliases = ListRules.Count(context, path, "aliases", organisation.Aliases.Count, HstMessageLimits.MaxItemsPerOrganisation);
        for (var i = 0; i < aliases; i++)
        {
            TextRules.CheckItem(context, path, "aliases", i, organisation.Aliases[i], HstMessageLimits.MaxNameLength);
        }

        EnumRules.Defined(context, path, "kind", organisation.Kind);
        CountryRules.CheckList(context, path, "countries_of_operation", organisation.CountriesOfOperation, HstMessageLimits.MaxItemsPerOrganisation);
        ListRules.Indexes(context, path, "member_person_indexes", organisation.MemberPersonIndexes, context.Message.Persons.Count, "persons");
        TextRules.Check(context, path, "remarks", organisation.Remarks, HstMessageLimits.MaxFreeTextLength);
    }
}
