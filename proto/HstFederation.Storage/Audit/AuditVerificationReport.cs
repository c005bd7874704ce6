namespace HstFederation.Storage.Audit;

/// <summary>What `verify-audit` prints, the same for the hub and the node.</summary>
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

        output.WriteLine($"intact, {verdict.Count} {(verdict.Count == 1 ? "entry" : "entries")}; head {Convert.ToHexStringLower(verdict.Head!)}");
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

    /// <summary>The command that checks a database against the head <paramref name="verdict"/> ended in.</summary>
    public static string CheckCommand(AuditVerification verdict, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(program);
        return $"{program.Tool} verify-audit {RecordedHeadOption} {new RecordedHead(verdict.Count, verdict.Head!)}";
    }

    private static string Kind(AuditVerification verdict) => verdict.Break.ToString().ToLowerInvariant();
}
