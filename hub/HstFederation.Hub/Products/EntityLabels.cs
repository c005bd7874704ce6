using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>How a network report names a person or organisation: as the message writes it, Latin script first.</summary>
internal static class EntityLabels
{
    public static string Person(Person person)
    {
        var name = person.Name;
        var latin = Join(name?.GivenNamesLatin, name?.FamilyNameLatin);
        if (latin.Length > 0)
        {
            return latin;
        }

        if (!string.IsNullOrWhiteSpace(name?.OriginalScript))
        {
            return name.OriginalScript.Trim();
        }

        return person.Aliases.Select(alias => Join(alias.GivenNamesLatin, alias.FamilyNameLatin, alias.OriginalScript)).FirstOrDefault(label => label.Length > 0)
            ?? "(unnamed person)";
    }

    public static string Organisation(Organisation organisation) =>
        !string.IsNullOrWhiteSpace(organisation.Name)
            ? organisation.Name.Trim()
            : organisation.Aliases.FirstOrDefault(alias => !string.IsNullOrWhiteSpace(alias))?.Trim() ?? "(unnamed organisation)";

    private static string Join(params string?[] parts) => string.Join(' ', parts.Where(part => !string.IsNullOrWhiteSpace(part)).Select(part => part!.Trim()));
}
