namespace HstFederation.LoadGenerator.Results;

/// <summary>The human table on stdout, one block per scenario.</summary>
internal static class ConsoleTable
{
    public static void Write(TextWriter output, ScenarioResult s)
    {
        output.WriteLine();
        output.WriteLine($"== {s.Name}: {s.Description}");
        output.WriteLine(Format.Invariant($"   envelope {s.EnvelopeBytes} B, {s.Subscribers} subscribers, load average at start {Format.LoadAverages(s.LoadAverage)}, timed phase {s.Hub.ElapsedSeconds:0.0} s"));
        var rows = ScenarioRows.Of(s);
        var header = new FigureRow("figure", "hub", "baseline (same run)", "hub/baseline");
        var widths = new[]
        {
            rows.Append(header).Max(r => r.Figure.Length), rows.Append(header).Max(r => r.Hub.Length),
            rows.Append(header).Max(r => r.Baseline.Length),
        };
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine($"   {row.Figure.PadRight(widths[0])}  {row.Hub.PadLeft(widths[1])}  {row.Baseline.PadRight(widths[2])}  {row.Ratio}");
        }

        output.WriteLine($"   {ScenarioRows.Checks(s)}");
    }
}
