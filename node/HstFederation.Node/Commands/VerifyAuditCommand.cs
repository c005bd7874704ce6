using HstFederation.Storage.Audit;
using HstFederation.Node.Audit;
using HstFederation.Node.Hosting;

namespace HstFederation.Node.Commands;

/// <summary>`verify-audit`: walks the hash chain read-only; exit 0 when intact, 1 naming the first broken entry.</summary>
internal sealed class VerifyAuditCommand : INodeCommand
{
    public string Name => "verify-audit";

    public string Summary => "Check the hash-chained audit log; names the first broken entry.";

    public string Help => """
        Usage: hst-node verify-audit [--config FILE] [--recorded-head ENTRY:HASH] [--json]

        Recomputes the hash chain of the node's audit log (who created, read, searched, exported what;
        what the hub accepted, refused, delivered) read-only, on one snapshot — safe while the node runs —
        and names the first broken link: an edited entry, missing entries, or an entry moved from another
        position. Prints the chain's head (entry count and last hash). Exit code 0 when intact, 1 when broken.

        The chain has no secret: an insider who rewrites an entry and recomputes every later hash leaves a
        chain that is whole. Record the head that 'backup' or this command prints where the NCB's operators
        cannot write, and check against it later: the chain must still hold that hash at that entry.

        Options:
          --recorded-head ENTRY:HASH   also fail (kind "rewritten") unless entry ENTRY still has hash HASH
          --json                       {"intact":true,"entries":N,"head":"..."} or
                                       {"intact":false,"brokenAt":N,"break":"edited",...}

        Example:
          $ hst-node verify-audit --config node.json
          intact, 214 entries; head 9c1d0e3f...
          $ hst-node verify-audit --config node.json --recorded-head 200:5be0...
          intact, 214 entries; head 9c1d0e3f...
          recorded head found at entry 200: entries 1..200 are as they were when it was recorded
        """;


    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { AuditVerificationReport.RecordedHeadOption };

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var recorded = AuditVerificationReport.ParseOption(
            context.Arguments.Optional(AuditVerificationReport.RecordedHeadOption), message => new CommandUsageException(message));
        var options = context.StoreSettings();
        // A directory is named as one, not reported missing (it is no more a database than a missing file).
        DatabaseOpenErrors.ThrowIfDirectory(Path.GetFullPath(options.DatabasePath), DatabaseProgram.Node);
        if (!File.Exists(options.DatabasePath))
        {
            throw new CommandFailedException($"{NodeOptions.Section}:{nameof(NodeOptions.DatabasePath)}: {Path.GetFullPath(options.DatabasePath)} does not exist.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var verdict = NodeAudit.Verify(options.DatabasePath, recorded);
        if (context.Json)
        {
            context.WriteJson(AuditVerificationReport.Json(verdict, recorded));
        }
        else
        {
            AuditVerificationReport.Write(context.Out, verdict, recorded);
        }

        return Task.FromResult(verdict.IsIntact ? NodeCommandLine.Success : NodeCommandLine.Failure);
    }
}
