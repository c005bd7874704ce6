using System.Diagnostics;
using System.Globalization;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// A long-running party (hub or node) as its own OS process. It is started through <c>sh -c 'exec …'</c> so that its
/// output goes straight to its log file (nothing of it passes through the tests) and the PID is the service itself.
/// <see cref="KillAsync"/> is SIGKILL (kill -9): no shutdown code runs. <see cref="StopAsync"/> is SIGTERM, as a service
/// manager stops it.
/// </summary>
internal sealed class ServiceProcess(string name, string executable, Func<IReadOnlyList<string>> arguments, string logPath) : IDisposable
{
    private Process? _process;
    private bool _shouldRun;

    public string Name { get; } = name;

    public string LogPath { get; } = logPath;

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    public int Kills { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The pid of the party's process (the shell execs it), once started.</summary>
    public int? Pid => _process?.Id;

    /// <summary>Fails with the log's tail when the process has exited although it was neither killed nor stopped.</summary>
    public void ThrowIfExited()
    {
        if (_shouldRun && _process is { HasExited: true } process)
        {
            throw new InvalidOperationException($"{Name} exited on its own with {process.ExitCode}; last lines of {LogPath}:\n{LogTail.Read(LogPath, 30)}");
        }
    }

    /// <summary>
    /// Fails when the running process holds an inotify instance (a /proc/PID/fd link to anon_inode:inotify). A service
    /// reads its files at start and watches none: a watch would cover its working directory and every directory
    /// under it, and wake the process on each write of a database beneath it.
    /// </summary>
    public void ThrowIfWatchingFiles()
    {
        ThrowIfExited();
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        var instances = 0;
        try
        {
            foreach (var fd in new DirectoryInfo($"/proc/{process.Id}/fd").EnumerateFileSystemInfos())
            {
                try
                {
                    instances += fd.LinkTarget == "anon_inode:inotify" ? 1 : 0;
                }
                catch (IOException)
                {
                    // Closed while listed: not an instance that is still there.
                }
            }
        }
        catch (IOException) when (process.HasExited)
        {
            ThrowIfExited();
            return;
        }

        if (instances > 0)
        {
            throw new InvalidOperationException($"{Name} holds {instances} inotify instance(s) after start: configuration is read once and no file is watched");
        }
    }

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        _process?.Dispose();
        Starts++;
        var args = arguments();
        File.AppendAllText(LogPath, string.Create(CultureInfo.InvariantCulture, $"=== start {Starts} at {DateTimeOffset.UtcNow:O}: {Path.GetFileName(executable)} {string.Join(' ', args)}\n"));
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; exec \"$@\" >>\"$log\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(LogPath);
        start.ArgumentList.Add(executable);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Name);
        _shouldRun = true;
    }

    /// <summary>SIGKILL, then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        Kills++;
        _shouldRun = false;
        process.Kill();
        await process.WaitForExitAsync();
        File.AppendAllText(LogPath, string.Create(CultureInfo.InvariantCulture, $"=== killed (SIGKILL) at {DateTimeOffset.UtcNow:O}\n"));
    }

    /// <summary>SIGTERM and a wait for a clean exit; false (and a SIGKILL) when it did not stop within <paramref name="grace"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process)
        {
            return true;
        }

        _shouldRun = false;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            File.AppendAllText(LogPath, string.Create(CultureInfo.InvariantCulture, $"=== stopped (SIGTERM) at {DateTimeOffset.UtcNow:O}, exit {process.ExitCode}\n"));
            return true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return false;
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
    }
}
