using HstFederation.Node.Audit;
using HstFederation.Node.Hosting;

namespace HstFederation.Node.Commands;

/// <summary>`verify-audit`: walks the hash chain read-only; exit 0 when intact, 1 naming the first broken entry.</summary>
internal sealed class VerifyAuditCommand : INodeCommand
{
    public string Name => "verify-audit";

    public string Summary => "Check the hash-chained audit log; names the first broken entry.";

    public string Help => """
        Usage: hst-node verify-audit [--config FILE] [--json]

        Recomputes the hash chain of the node's audit log (who created, read, searched, exported what;
        what the hub accepted, refused, delivered) read-only, on one snapshot — safe while the node runs —
        and names the first broken link: an edited entry, missing entries, or an entry moved from another
        position. Exit code 0 when intact, 1 when broken.

        Example:
          $ hst-node verify-audit --config node.json
          intact, 214 entries
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var options = context.StoreSettings();
        // A directory is named as one, not reported missing (it is no more a database than a missing file).
        DatabaseOpenErrors.ThrowIfDirectory(Path.GetFullPath(options.DatabasePath), DatabaseProgram.Node);
        if (!File.Exists(options.DatabasePath))
        {
            throw new CommandFailedException($"{NodeOptions.Section}:{nameof(NodeOptions.DatabasePath)}: {Path.GetFullPath(options.DatabasePath)} does not exist.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var verdict = NodeAudit.Verify(options.DatabasePath);
        var kind = verdict.Break.ToString().ToLowerInvariant();
        if (context.Json)
        {
            context.WriteJson(verdict.IsIntact
                ? (object)new { Intact = true, Entries = verdict.Count }
                : new { Intact = false, BrokenAt = verdict.BrokenAt, Break = kind, IntactEntriesBefore = verdict.Count, verdict.Detail });
        }
        else
        {
            context.Out.WriteLine(verdict.IsIntact ? $"intact, {verdict.Count} entries" : $"broken at entry {verdict.BrokenAt} ({kind}): {verdict.Detail}");
        }

        return Task.FromResult(verdict.IsIntact ? NodeCommandLine.Success : NodeCommandLine.Failure);
    }
}
