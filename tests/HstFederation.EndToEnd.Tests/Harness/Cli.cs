using System.Diagnostics;
using System.Text;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// Runs an operator command (hst-hub, hst-node, the dev PKI tool) to completion, as a person would in a shell, and
/// keeps a transcript of every run in one log file of the federation.
/// </summary>
internal sealed class Cli(string transcriptPath)
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly Lock _transcript = new();

    public string TranscriptPath { get; } = transcriptPath;

    /// <summary>Runs the command; returns its exit code and output whatever the code.</summary>
    public async Task<CliResult> RunAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var line = $"{Path.GetFileName(executable)} {string.Join(' ', start.ArgumentList)}";
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(HangGuard);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + line);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(guard.Token);
            var error = process.StandardError.ReadToEndAsync(guard.Token);
            await process.WaitForExitAsync(guard.Token);
            var result = new CliResult(line, process.ExitCode, await output, await error);
            Record(result);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            throw new TimeoutException($"'{line}' did not finish within {HangGuard.TotalSeconds:F0} s");
        }
    }

    /// <summary>Runs the command and fails unless it exits 0.</summary>
    public async Task<CliResult> RunCheckedAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(executable, arguments, cancellationToken);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException("command failed: " + result);
    }

    private void Record(CliResult result)
    {
        lock (_transcript)
        {
            File.AppendAllText(TranscriptPath, $"$ {result.CommandLine}\n{result.Out}{result.Error}[exit {result.ExitCode}]\n");
        }
    }
}
