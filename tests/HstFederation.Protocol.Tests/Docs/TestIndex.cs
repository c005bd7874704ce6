using System.Text.RegularExpressions;

namespace HstFederation.Protocol.Tests.Docs;

/// <summary>
/// The test classes of the tests/ tree read from their sources (the docs name tests of every test project, and this
/// assembly references none of the others): each class with the files it is declared in and its xunit test methods.
/// </summary>
internal sealed partial class TestIndex
{
    private TestIndex(Dictionary<string, TestClass> classes) => Classes = classes;

    public IReadOnlyDictionary<string, TestClass> Classes { get; }

    public static TestIndex Scan(string testsDirectory)
    {
        var classes = new Dictionary<string, TestClass>(StringComparer.Ordinal);
        var repository = Path.GetDirectoryName(Path.GetFullPath(testsDirectory))!;
        foreach (var file in Directory.EnumerateFiles(testsDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(repository, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var source = File.ReadAllText(file);
            var declared = ClassDeclaration().Matches(source).Select(m => (m.Index, Name: m.Groups["name"].Value)).ToList();
            foreach (var (_, name) in declared)
            {
                Get(classes, name).Files.Add(relative);
            }

            foreach (Match attribute in TestAttribute().Matches(source))
            {
                // The method the attribute belongs to is the next one declared after it (its data attributes in between).
                if (MethodDeclaration().Match(source, attribute.Index) is { Success: true } method
                    && declared.LastOrDefault(c => c.Index < method.Index).Name is { } owner)
                {
                    Get(classes, owner).Methods.Add(method.Groups["name"].Value);
                }
            }
        }

        return new TestIndex(classes);
    }

    private static TestClass Get(Dictionary<string, TestClass> classes, string name)
    {
        if (!classes.TryGetValue(name, out var found))
        {
            found = new TestClass();
            classes.Add(name, found);
        }

        return found;
    }

    // Top-level types only (file-scoped namespaces, so they start their line): a nested helper type declared before the
    // tests must not take them over.
    [GeneratedRegex(@"^(?:[\w]+ )*(?:class|record)\s+(?<name>\w+)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"^\s*\[(?:Fact|Theory)\b", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"\b(?:void|Task)\s+(?<name>\w+)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex MethodDeclaration();

    internal sealed class TestClass
    {
        public HashSet<string> Methods { get; } = new(StringComparer.Ordinal);

        public List<string> Files { get; } = [];
    }
}
