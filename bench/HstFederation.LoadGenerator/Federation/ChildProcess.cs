using System.Diagnostics;
using System.Runtime.InteropServices;
using HstFederation.Testing.Processes;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>
/// A child process (the hub or the baseline server) that listens on a port it writes to a file. Keeps the
/// last lines it printed for error messages (the hub logs at Warning and never logs message content). Stopped
/// with SIGTERM, then SIGKILL if it has not exited within the grace period.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int LinesKept = 50;
    private const int SigTerm = 15;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private int _disposed;
    private readonly OutputTail _output = new(LinesKept);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string OutputTail => _output.ToString();

    public static ChildProcess Start(string name, ProcessStartInfo info)
    {
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child._output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until the process wrote a port number to <paramref name="portFile"/>; fails if it exits first.</summary>
    public async Task<int> WaitForPortAsync(string portFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before listening:\n{OutputTail}");
            }

            if (PortFile.TryRead(portFile, out var port))
            {
                return port;
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not listen within {timeout}:\n{OutputTail}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit on its own (a command such as `hst-hub init`) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not finish within {timeout}:\n{OutputTail}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGTERM (a graceful stop: the hub ends its streams and closes the store), then SIGKILL after the grace period.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || Kill(_process.Id, SigTerm) != 0)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>SIGKILL: the process dies wherever it is and the kernel drops its connections; no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the process and releases it; a second dispose (a host restarted, then disposed by its test) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync();
        _process.Dispose();
    }


    // DllImport, not LibraryImport: the generated stub would need unsafe code for one int call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
