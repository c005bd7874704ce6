using HstFederation.Storage.Audit;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>`verify-audit`: walks the hash chain read-only; exit 0 when intact, 1 naming the first broken entry.</summary>
internal sealed class VerifyAuditCommand : IHubCommand
{
    public string Name => "verify-audit";

    public string Summary => "Check the hash-chained audit log; names the first broken entry.";

    public string Help => """
        Usage: hst-hub verify-audit [--recorded-head ENTRY:HASH] [--json]

        Recomputes the hash chain of the audit log in Hub:DatabasePath (read-only, one snapshot; safe while
        the hub runs) and names the first broken link: an edited entry, missing entries (a gap or a deleted
        tail), or an entry moved from another position. Prints the chain's head (entry count and last hash).
        Exit code 0 when intact, 1 when broken.

        The chain has no secret: an insider who rewrites an entry and recomputes every later hash leaves a
        chain that is whole. Record the head that 'backup' or this command prints where the hub's operators
        cannot write, and check against it later: the chain must still hold that hash at that entry.

        Options:
          --recorded-head ENTRY:HASH   also fail (kind "rewritten") unless entry ENTRY still has hash HASH
          --json                       {"intact":true,"entries":N,"head":"..."} or
                                       {"intact":false,"brokenAt":N,"break":"edited",...}

        Example:
          $ hst-hub verify-audit
          intact, 1532 entries; head 6a2878875e516e557e232fa04a9aadf3ad7f4deafa83a279325a91422fa6fdc6
          $ hst-hub verify-audit --recorded-head 1200:0b6e...
          broken at entry 1200 (rewritten): the entry's hash is 41d2..., not the recorded head 0b6e...: ...
          $ hst-hub verify-audit
          broken at entry 17 (edited): the entry's contents do not match its hash
        """;


    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { AuditVerificationReport.RecordedHeadOption };

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var recorded = AuditVerificationReport.ParseOption(
            context.Arguments.Optional(AuditVerificationReport.RecordedHeadOption), message => new CommandUsageException(message));
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        // A directory is named as one, not reported missing (it is no more a database than a missing file).
        DatabaseOpenErrors.ThrowIfDirectory(Path.GetFullPath(options.DatabasePath), DatabaseProgram.Hub);
        if (!File.Exists(options.DatabasePath))
        {
            throw new CommandFailedException($"{HubOptions.Section}:{nameof(HubOptions.DatabasePath)}: {Path.GetFullPath(options.DatabasePath)} does not exist.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var verdict = HubAudit.Verify(options.DatabasePath, recorded);
        if (context.Json)
        {
            context.WriteJson(AuditVerificationReport.Json(verdict, recorded));
        }
        else
        {
            AuditVerificationReport.Write(context.Out, verdict, recorded);
        }

        return Task.FromResult(verdict.IsIntact ? HubCommandLine.Success : HubCommandLine.Failure);
    }
}
