using System.Diagnostics;

namespace HstFederation.Demo.Federation;

/// <summary>Runs a party's command line tool to completion and captures what it printed.</summary>
internal static class ProcessRunner
{
    /// <summary>A hang guard only: every CLI call of the demo returns in well under a second.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, string? input, TimeProvider time, CancellationToken cancellationToken)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DemoSetupException($"cannot run {start.FileName}: {e.Message}");
        }

        using var guard = new CancellationTokenSource(HangGuard, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, guard.Token);
        var output = process.StandardOutput.ReadToEndAsync(linked.Token);
        var error = process.StandardError.ReadToEndAsync(linked.Token);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), linked.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(linked.Token);
            return new ProcessResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {HangGuard.TotalSeconds:0} s");
        }
    }
}
