namespace HstFederation.Protocol.Validation;

/// <summary>Builds error paths such as <c>persons[2].documents[0].number</c>.</summary>
internal static class FieldPath
{
    public static string Field(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public static string Item(string parent, string name, int index) => $"{Field(parent, name)}[{index}]";
}
