using ScottPlot;
using ScottPlot.TickGenerators;

namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// PNG plots made from a result file with ScottPlot (SkiaSharp, headless): throughput against fan-out (hub
/// and the baselines, closed-loop scenarios), the CDF of submit→all-delivered (each scenario, and the echo
/// baseline's round trip), and the hub's resident memory over the timed phase.
/// </summary>
internal static class Plots
{
    public const string ThroughputFile = "load-throughput-vs-fanout.png";
    public const string LatencyFile = "load-latency-cdf.png";
    public const string RssFile = "load-hub-rss.png";

    private const int Width = 900;
    private const int Height = 540;

    public static IReadOnlyList<string> Write(RunResult run, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string> { Save(Throughput, run, Path.Combine(directory, ThroughputFile)), Save(Latency, run, Path.Combine(directory, LatencyFile)) };
        if (run.Scenarios.Any(HasRssSeries))
        {
            written.Add(Save(Rss, run, Path.Combine(directory, RssFile)));
        }

        return written;
    }

    public static bool HasRssSeries(ScenarioResult scenario) => scenario.Hub.RssSamples.Length >= 10;

    private static string Save(Func<RunResult, Plot> draw, RunResult run, string path)
    {
        using var plot = draw(run);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>Closed-loop scenarios at one message size (the most common), by fan-out, on a log scale.</summary>
    private static Plot Throughput(RunResult run)
    {
        var closed = run.Scenarios.Where(s => s.Mode == "closed").ToList();
        var size = closed.GroupBy(s => s.MessageBytes).OrderByDescending(g => g.Select(s => s.FanOut).Distinct().Count()).FirstOrDefault()?.Key ?? 0;
        var points = closed.Where(s => s.MessageBytes == size).GroupBy(s => s.FanOut).Select(g => g.First()).OrderBy(s => s.FanOut).ToList();
        var plot = new Plot();
        plot.Title($"Throughput vs fan-out (closed loop, {size} B messages){Caption(run)}");
        plot.XLabel("fan-out (recipients per message)");
        plot.YLabel("per second (log scale)");
        double[] xs = [.. points.Select((_, i) => (double)i)];
        Series(plot, xs, points.Select(s => s.Hub.DeliveriesPerSecond), "hub deliveries/s", Colors.C0, LinePattern.Solid);
        Series(plot, xs, points.Select(s => s.Stream.DeliveriesPerSecond), "baseline: plain stream deliveries/s", Colors.C0, LinePattern.Dashed);
        Series(plot, xs, points.Select(s => s.Hub.AcceptedPerSecond), "hub accepted msgs/s", Colors.C1, LinePattern.Solid);
        Series(plot, xs, points.Select(s => s.Echo.CallsPerSecond), "baseline: unary echo calls/s", Colors.C1, LinePattern.Dashed);
        Series(plot, xs, points.Select(s => s.Sqlite.MessagesPerSecond), "baseline: raw SQLite msgs/s (batched)", Colors.C2, LinePattern.Dotted);
        plot.Axes.Bottom.TickGenerator = new NumericManual(xs, [.. points.Select(s => s.FanOut.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        LogAxis(plot.Axes.Left, value => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Fraction of messages delivered to all recipients within x ms (log scale), per scenario; the echo round trip dashed.</summary>
    private static Plot Latency(RunResult run)
    {
        var plot = new Plot();
        plot.Title($"Latency CDF, submit → all delivered{Caption(run)}");
        plot.XLabel("milliseconds from the scheduled send (log scale)");
        plot.YLabel("fraction of messages");
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var scenario in run.Scenarios.Where(s => s.Hub.AllDelivered.Cdf.Length > 0))
        {
            var color = palette.GetColor(i++);
            Cdf(plot, scenario.Hub.AllDelivered.Cdf, scenario.Name, color, LinePattern.Solid);
            if (scenario.Echo.Latency.Cdf.Length > 0 && scenario.Mode == "open")
            {
                Cdf(plot, scenario.Echo.Latency.Cdf, $"{scenario.Name}: echo baseline", color, LinePattern.Dotted);
            }
        }

        LogAxis(plot.Axes.Bottom, value => value < 1 ? value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot Rss(RunResult run)
    {
        var plot = new Plot();
        plot.Title($"Hub RSS during the timed phase{Caption(run)}");
        plot.XLabel("seconds");
        plot.YLabel("RSS (MB)");
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var scenario in run.Scenarios.Where(HasRssSeries))
        {
            var line = plot.Add.ScatterLine(
                scenario.Hub.RssSamples.Select(p => p[0]).ToArray(),
                scenario.Hub.RssSamples.Select(p => p[1] / (1024 * 1024)).ToArray(),
                palette.GetColor(i++));
            line.LegendText = scenario.Name;
        }

        plot.Axes.SetLimitsY(0, run.Scenarios.Where(HasRssSeries).Max(s => s.Hub.RssSamples.Max(p => p[1])) / (1024 * 1024) * 1.2);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>Plots of anything but the full profile say so in their title: they travel without the page's caveats.</summary>
    private static string Caption(RunResult run) => run.Representative
        ? string.Empty
        : $" — {run.Profile} run, not representative";

    private static void Series(Plot plot, double[] xs, IEnumerable<double> values, string label, Color color, LinePattern pattern)
    {
        var ys = values.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray();
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = label;
        scatter.LinePattern = pattern;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 8;
        scatter.MarkerShape = pattern.Equals(LinePattern.Solid) ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
    }

    private static void Cdf(Plot plot, double[][] cdf, string label, Color color, LinePattern pattern)
    {
        var points = cdf.Where(p => p[0] > 0).ToArray();
        var line = plot.Add.ScatterLine(points.Select(p => Math.Log10(p[0])).ToArray(), points.Select(p => p[1]).ToArray(), color);
        line.LegendText = label;
        line.LinePattern = pattern;
        line.LineWidth = 2;
    }

    /// <summary>ScottPlot plots log10 of the data; these ticks label the decades with the real values.</summary>
    private static void LogAxis(IAxis axis, Func<double, string> label) =>
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = value => label(Math.Pow(10, value)),
        };
}
