namespace HstFederation.Storage.Audit;

/// <summary>
/// What `verify-audit` prints, the same for the hub and the node; and how every command says a head (`backup`, `restore`),
/// so that what one prints is what `verify-audit --recorded-head` takes and prints back.
/// </summary>
public static class AuditVerificationReport
{
    public const string RecordedHeadOption = "--recorded-head";

    /// <summary>The text form: the verdict with the head (to record), and whether the recorded head was found.</summary>
    public static void Write(TextWriter output, AuditVerification verdict, RecordedHead? recorded)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(verdict);
        if (!verdict.IsIntact)
        {
            output.WriteLine($"broken at entry {verdict.BrokenAt} ({Kind(verdict)}): {verdict.Reason}");
            return;
        }

        output.WriteLine(Intact(verdict));
        if (recorded is not null)
        {
            output.WriteLine($"recorded head found at entry {recorded.Entry}: entries 1..{recorded.Entry} are as they were when it was recorded");
        }
    }

    public static object Json(AuditVerification verdict, RecordedHead? recorded)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (!verdict.IsIntact)
        {
            return new { Intact = false, verdict.BrokenAt, Break = Kind(verdict), IntactEntriesBefore = verdict.Count, verdict.Detail };
        }

        var head = Convert.ToHexStringLower(verdict.Head!);
        return recorded is null
            ? new { Intact = true, Entries = verdict.Count, Head = head }
            : new { Intact = true, Entries = verdict.Count, Head = head, RecordedHead = new { recorded.Entry, Found = true } };
    }

    /// <summary>The option's value, or null when it was not given; a usage problem when it is not a head.</summary>
    public static RecordedHead? ParseOption(string? value, Func<string, Exception> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (value is null)
        {
            return null;
        }

        return RecordedHead.TryParse(value, out var head, out var problem) ? head : throw usage($"{RecordedHeadOption}: {problem}.");
    }

    /// <summary>An intact chain: "intact, 15320 entries; head 6a28…".</summary>
    public static string Intact(AuditVerification verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return $"intact, {verdict.Count} {(verdict.Count == 1 ? "entry" : "entries")}; head {Convert.ToHexStringLower(verdict.Head!)}";
    }

    /// <summary>The head an intact chain ends in, as <see cref="RecordedHeadOption"/> takes it.</summary>
    public static RecordedHead Head(AuditVerification verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new RecordedHead(verdict.Count, verdict.Head!);
    }

    /// <summary>
    /// What to do with a head just printed: "Keep this head where the hub's operators cannot write; check the database
    /// against it later with: hst-hub verify-audit --recorded-head 15320:6a28…".
    /// </summary>
    public static string KeepAdvice(RecordedHead head, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        return $"Keep this head where the {program.Name}'s operators cannot write; check the database against it later with: {CheckCommand(head, program)}";
    }

    /// <summary>The command that checks a database against <paramref name="head"/>.</summary>
    private static string CheckCommand(RecordedHead head, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(program);
        return $"{program.Tool} verify-audit {RecordedHeadOption} {head}";
    }

    private static string Kind(AuditVerification verdict) => verdict.Break.ToString().ToLowerInvariant();
}
