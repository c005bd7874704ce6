using HstFederation.LoadGenerator.Cli;

namespace HstFederation.LoadGenerator.Results;

/// <summary>--report and --plots: everything is made from a result file, never from a live run.</summary>
internal static class Reporting
{
    public static int Report(Options options, TextWriter output, TextWriter error)
    {
        if (Load(options, error) is not { } loaded)
        {
            return 2;
        }

        var (result, path) = loaded;

        var markdown = MarkdownReport.Render(result, Path.GetFileName(path), options.ReportFile is { } file ? RelativeImages(options, file) : null);
        if (options.ReportFile is null)
        {
            output.Write(markdown);
            return 0;
        }

        var images = ImagesDirectory(options, options.ReportFile);
        foreach (var written in Results.Plots.Write(result, images))
        {
            output.WriteLine($"Wrote {written}");
        }

        if (!MarkdownReport.ReplaceSection(options.ReportFile, markdown, out var problem))
        {
            error.WriteLine(problem);
            return 2;
        }

        output.WriteLine($"Updated {options.ReportFile} from {Path.GetFileName(path)}.");
        return 0;
    }

    public static int Plots(Options options, TextWriter output, TextWriter error)
    {
        if (Load(options, error) is not { } loaded)
        {
            return 2;
        }

        foreach (var written in Results.Plots.Write(loaded.Result, options.ImagesDirectory!))
        {
            output.WriteLine($"Wrote {written}");
        }

        return 0;
    }

    private static (RunResult Result, string Path)? Load(Options options, TextWriter error)
    {
        var path = options.Json ?? ResultJson.Newest(options.ResultsDirectory);
        if (path is null || !File.Exists(path))
        {
            error.WriteLine($"No result file ({ResultJson.FilePrefix}*.json) under {Path.GetFullPath(options.ResultsDirectory)}; run a profile first, or name one with --json FILE.");
            return null;
        }

        return (ResultJson.Read(path), path);
    }

    /// <summary>The images directory as the report links it: relative to the report's own directory.</summary>
    private static string RelativeImages(Options options, string reportFile) =>
        Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(reportFile))!, ImagesDirectory(options, reportFile)).Replace('\\', '/');

    private static string ImagesDirectory(Options options, string reportFile) =>
        options.ImagesDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(reportFile))!, "images");
}
