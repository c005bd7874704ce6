using HstFederation.LoadGenerator.Baselines;
using HstFederation.LoadGenerator.Cli;
using HstFederation.LoadGenerator.Results;

namespace HstFederation.LoadGenerator;

/// <summary>The command line; also what the smoke test calls in-process.</summary>
internal static class LoadGeneratorMain
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Options options;
        try
        {
            options = OptionParser.Parse(args);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync(e.Message);
            await error.WriteLineAsync();
            await error.WriteLineAsync(HelpText.Usage);
            return 2;
        }

        switch (options.Command)
        {
            case Command.Help:
                await output.WriteLineAsync(HelpText.Usage);
                return 0;
            case Command.BaselineServer:
                return await BaselineServer.RunAsync(options.Pki!, options.PortFile!);
            case Command.Report:
                return Reporting.Report(options, output, error);
            case Command.Plots:
                return Reporting.Plots(options, output, error);
        }

        try
        {
            var (result, _) = await new LoadRun(options, output, error).RunAsync(args, cancellationToken);
            return result.Complete ? 0 : 1;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Every child process was stopped on the way out (await using); say what failed and where.
            await error.WriteLineAsync($"The run failed: {e}");
            return 1;
        }
    }
}
