using System.Text;
using System.Text.RegularExpressions;
using HstFederation.Testing;

namespace HstFederation.Protocol.Tests.Docs;

/// <summary>
/// Every relative link in the repository's Markdown (README, docs/, certs-dev/, bench/) names a file that exists and,
/// with a fragment, a heading that exists in it, as GitHub renders the anchors. The docs are the operators' manual:
/// a link that lands nowhere is a step they cannot follow, and headings get renamed as the code changes.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void EveryRelativeLinkAndAnchor_Resolves()
    {
        var broken = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            foreach (var (line, target) in Links(File.ReadAllLines(file)))
            {
                if (Problem(file, target) is { } problem)
                {
                    broken.Add($"{Path.GetRelativePath(Root, file)}:{line}: ({target}) {problem}");
                }
            }
        }

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Anchors_FollowGitHubsRules()
    {
        // The rules the check above relies on, on headings this repository has (a wrong slug would pass broken links).
        var anchors = Anchors(
        [
            "## Node: seal + submit against the sum of its primitives",
            "### The node (BenchmarkDotNet, `NodeSendBenchmarks`)",
            "## Method",
            "### Method",
            "# [Linked](x.md) heading",
        ]);

        Assert.Equal(
            ["node-seal--submit-against-the-sum-of-its-primitives", "the-node-benchmarkdotnet-nodesendbenchmarks", "method", "method-1", "linked-heading"],
            anchors);
    }

    [Fact]
    public void ABrokenAnchor_IsFound()
    {
        var docs = Path.Combine(Root, "docs", "performance.md");

        Assert.Null(Problem(docs, "#reproduce"));
        Assert.NotNull(Problem(docs, "#no-such-heading"));
        Assert.NotNull(Problem(docs, "no-such-file.md"));
    }

    private static IEnumerable<string> MarkdownFiles()
    {
        var skipped = new HashSet<string>(StringComparer.Ordinal) { "bin", "obj", "node_modules", "BenchmarkDotNet.Artifacts", "TestResults" };
        var pending = new Stack<string>([Root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.md"))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !skipped.Contains(name))
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>The relative link targets of a Markdown file, outside code blocks and code spans.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string[] lines)
    {
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                continue;
            }

            foreach (Match link in LinkPattern().Matches(CodeSpan().Replace(lines[i], string.Empty)))
            {
                var target = link.Groups["target"].Value;
                if (!target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    yield return (i + 1, target);
                }
            }
        }
    }

    private static string? Problem(string file, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var fragment = hash < 0 ? null : target[(hash + 1)..];
        var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return "no such file";
        }

        if (fragment is null || fragment.StartsWith("L", StringComparison.Ordinal) && !resolved.EndsWith(".md", StringComparison.Ordinal))
        {
            return null;
        }

        if (!resolved.EndsWith(".md", StringComparison.Ordinal))
        {
            return "a fragment on a file that is not Markdown";
        }

        return Anchors(File.ReadAllLines(resolved)).Contains(Uri.UnescapeDataString(fragment)) ? null : "no such heading";
    }

    /// <summary>The anchors GitHub gives a file's headings (and explicit <c>&lt;a id&gt;</c> anchors).</summary>
    private static List<string> Anchors(IEnumerable<string> lines)
    {
        var anchors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            foreach (Match explicitAnchor in ExplicitAnchor().Matches(line))
            {
                anchors.Add(explicitAnchor.Groups["id"].Value);
            }

            var heading = fenced ? null : HeadingPattern().Match(line);
            if (heading is not { Success: true })
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    /// <summary>GitHub's slug: the rendered text lower-cased, punctuation dropped (not '-' or '_'), each space a hyphen.</summary>
    private static string Slug(string heading)
    {
        var text = LinkPattern().Replace(heading, match => match.Groups["text"].Value).Replace("`", string.Empty, StringComparison.Ordinal)
            .Replace("*", string.Empty, StringComparison.Ordinal).Trim();
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"(?<!!)\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)|!\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex ExplicitAnchor();
}
