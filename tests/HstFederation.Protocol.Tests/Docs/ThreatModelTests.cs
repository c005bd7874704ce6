using System.Text.RegularExpressions;
using HstFederation.Testing;

namespace HstFederation.Protocol.Tests.Docs;

/// <summary>
/// docs/threat-model.md claims, row by row, which automated tests prove each defence, and docs/fault-suite.md which
/// scenarios run; a test renamed or deleted since would leave a threat claimed as tested by nothing. So every test
/// named there must be a test of the tests/ tree (a <c>[Fact]</c> or <c>[Theory]</c> method of that class, or the
/// class itself, in the folder the name gives), and each of the design's THREATS.md rows 1–30 has a row that names one.
/// Names are written <c>Class.Method</c>, or <c>…Method</c> continuing the previous class of the same cell; a leading,
/// trailing or inner <c>…</c> (or <c>*</c>) stands for an elided part of the name.
/// </summary>
public sealed partial class ThreatModelTests
{
    private const int DesignThreatRows = 30;

    private static readonly string Root = RepositoryRoot.Find();
    private static readonly Lazy<TestIndex> Tests = new(() => TestIndex.Scan(Path.Combine(Root, "tests")));

    [Theory]
    [InlineData("docs/threat-model.md")]
    [InlineData("docs/fault-suite.md")]
    public void EveryTestNamed_IsATestOfTheTestsTree(string document)
    {
        var unresolved = TestNames(File.ReadAllLines(Path.Combine(Root, document)))
            .Where(name => Problem(name) is not null)
            .Select(name => $"{document}:{name.Line} row {name.Row}: `{name.Text}` {Problem(name)}")
            .ToList();

        Assert.True(unresolved.Count == 0, "Tests named in the docs that do not exist:\n" + string.Join('\n', unresolved));
    }

    [Fact]
    public void EveryRowOfTheDesignsThreats_HasARowNamingATest()
    {
        var names = TestNames(File.ReadAllLines(Path.Combine(Root, "docs", "threat-model.md")))
            .Where(name => Problem(name) is null)
            .ToList();
        var tested = names.SelectMany(name => RowNumbers(name.Row)).ToHashSet();

        var untested = Enumerable.Range(1, DesignThreatRows).Where(row => !tested.Contains(row)).ToList();

        Assert.True(untested.Count == 0, "THREATS.md rows without a named test in docs/threat-model.md: " + string.Join(", ", untested));
    }

    [Fact]
    public void ANameThatDoesNotResolve_IsFound()
    {
        // The checks above pass on an empty list; these show they tell a real name from a wrong one.
        string[] table =
        [
            "| # | threat | defence | tests |",
            "| 1 | x | y | `ThreatModelTests.ANameThatDoesNotResolve_IsFound`, `…EveryTestNamed_…`, `…NoSuchTest`, `Protocol.Tests/Docs/ThreatModelTests`, `Hub.Tests/Docs/ThreatModelTests`, `NoSuchTests.Method`; vector `invalid/truncated` |",
        ];

        var problems = TestNames(table).Select(name => (name.Text, Problem(name))).ToArray();

        Assert.Equal(
            new (string, string?)[]
            {
                ("ThreatModelTests.ANameThatDoesNotResolve_IsFound", null),
                ("…EveryTestNamed_…", null),
                ("…NoSuchTest", "is no test of class ThreatModelTests"),
                ("Protocol.Tests/Docs/ThreatModelTests", null),
                ("Hub.Tests/Docs/ThreatModelTests", "is not in Hub.Tests/Docs/ (it is in tests/HstFederation.Protocol.Tests/Docs/ThreatModelTests.cs)"),
                ("NoSuchTests.Method", "names no test class"),
            },
            problems);
        Assert.Equal([16, 17], RowNumbers("16, 17"));
        Assert.Empty(RowNumbers("I1"));
    }

    private static string? Problem(TestName name)
    {
        if (name.Class is null)
        {
            return "continues no class named before it in its cell";
        }

        if (!Tests.Value.Classes.TryGetValue(name.Class, out var found))
        {
            return "names no test class";
        }

        if (name.Folder is { } folder && !found.Files.Any(file => InFolder(file, folder, name.Class)))
        {
            return $"is not in {name.FolderAsWritten} (it is in {string.Join(", ", found.Files)})";
        }

        if (name.Method is null)
        {
            return null;
        }

        var pattern = new Regex(
            "^" + string.Join(".*", name.Method.Split('…', '*').Select(Regex.Escape)) + "$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        return found.Methods.Any(pattern.IsMatch) ? null : $"is no test of class {name.Class}";
    }

    /// <summary>The class's file is in the folder as written, or below it ("EndToEnd.Tests/" for a scenario in its Scenarios/).</summary>
    private static bool InFolder(string file, string folder, string className)
    {
        var directory = "/" + file[..(file.LastIndexOf('/') + 1)];
        return file.EndsWith("/" + className + ".cs", StringComparison.Ordinal) && directory.Contains("/" + folder, StringComparison.Ordinal);
    }

    /// <summary>The threat rows a table row's first cell stands for: "16, 17" is both; "I1" or "L2" none of THREATS.md's.</summary>
    private static IEnumerable<int> RowNumbers(string row) =>
        row.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => int.TryParse(part, out var number) ? number : 0)
            .Where(number => number is >= 1 and <= DesignThreatRows);

    /// <summary>Every code span of a table row that names a test or a test class, with the class a continuation continues.</summary>
    private static IEnumerable<TestName> TestNames(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|'))
            {
                continue;
            }

            var cells = lines[i].Split('|');
            var row = cells[1].Trim();
            foreach (var cell in cells.Skip(2))
            {
                string? current = null;
                foreach (Match span in CodeSpan().Matches(cell))
                {
                    // A theory's case in parentheses (`Method("case")`) is not part of the name.
                    var text = span.Groups["text"].Value;
                    var bare = text.Split('(')[0];
                    if (bare.StartsWith('…'))
                    {
                        yield return new TestName(i + 1, row, text, current, bare, null, null);
                        continue;
                    }

                    if (QualifiedName().Match(bare) is not { Success: true } qualified)
                    {
                        continue;
                    }

                    current = qualified.Groups["class"].Value;
                    var written = qualified.Groups["folder"].Success ? qualified.Groups["folder"].Value : null;
                    var method = qualified.Groups["method"].Success && qualified.Groups["method"].Value != "*" ? qualified.Groups["method"].Value : null;
                    yield return new TestName(i + 1, row, text, current, method, Folder(written), written);
                }
            }
        }
    }

    /// <summary>"Hub.Tests/Security/" as a path under tests/ ("HstFederation.Hub.Tests/Security/"); a bare folder stays as written.</summary>
    private static string? Folder(string? written) =>
        written is null ? null : ProjectPrefix().Replace(written, "HstFederation.${project}.Tests/");

    [GeneratedRegex(@"`(?<text>[^`]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^(?<folder>(?:[\w.]+/)+)?(?<class>\w+Tests)(?:\.(?<method>[\w…*]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^(?<project>\w+)\.Tests/", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectPrefix();

    private sealed record TestName(int Line, string Row, string Text, string? Class, string? Method, string? Folder, string? FolderAsWritten);
}
