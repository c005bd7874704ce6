using HstFederation.Hub.Audit;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>`verify-audit`: walks the hash chain read-only; exit 0 when intact, 1 naming the first broken entry.</summary>
internal sealed class VerifyAuditCommand : IHubCommand
{
    public string Name => "verify-audit";

    public string Summary => "Check the hash-chained audit log; names the first broken entry.";

    public string Help => """
        Usage: hst-hub verify-audit [--json]

        Recomputes the hash chain of the audit log in Hub:DatabasePath (read-only, one snapshot; safe while
        the hub runs) and names the first broken link: an edited entry, missing entries (a gap or a deleted
        tail), or an entry moved from another position. Exit code 0 when intact, 1 when broken.

        Options:
          --json    {"intact":true,"entries":N} or {"intact":false,"brokenAt":N,"break":"edited",...}

        Example:
          $ hst-hub verify-audit
          intact, 1532 entries
          $ hst-hub verify-audit
          broken at entry 17 (edited): the entry's contents do not match its hash
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        // A directory is named as one, not reported missing (it is no more a database than a missing file).
        DatabaseOpenErrors.ThrowIfDirectory(Path.GetFullPath(options.DatabasePath), DatabaseProgram.Hub);
        if (!File.Exists(options.DatabasePath))
        {
            throw new CommandFailedException($"{HubOptions.Section}:{nameof(HubOptions.DatabasePath)}: {Path.GetFullPath(options.DatabasePath)} does not exist.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var verdict = HubAudit.Verify(options.DatabasePath);
        var kind = verdict.Break.ToString().ToLowerInvariant();
        if (context.Json)
        {
            context.WriteJson(verdict.IsIntact
                ? (object)new { Intact = true, Entries = verdict.Count }
                : new { Intact = false, BrokenAt = verdict.BrokenAt, Break = kind, IntactEntriesBefore = verdict.Count, verdict.Detail });
        }
        else
        {
            context.Out.WriteLine(verdict.IsIntact
                ? $"intact, {verdict.Count} entries"
                : $"broken at entry {verdict.BrokenAt} ({kind}): {What(verdict.Detail)}");
        }

        return Task.FromResult(verdict.IsIntact ? HubCommandLine.Success : HubCommandLine.Failure);
    }

    /// <summary>The verifier's explanation without its "first broken link at seq N (kind): " prefix.</summary>
    private static string What(string detail)
    {
        var end = detail.IndexOf("): ", StringComparison.Ordinal);
        return end < 0 ? detail : detail[(end + 3)..];
    }
}
