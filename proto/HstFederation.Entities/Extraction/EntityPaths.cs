namespace HstFederation.Entities.Extraction;

/// <summary>Paths in proto field names, as the validator's error paths: "persons[0].phones[1]".</summary>
internal static class EntityPaths
{
    public static string Item(string parent, string name, int index) => $"{Field(parent, name)}[{index}]";

    public static string Field(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;
}
