using System.Diagnostics;
using Grpc.Core;
using HstFederation.LoadGenerator.Baselines.V1;
using HstFederation.LoadGenerator.Federation;

namespace HstFederation.LoadGenerator.Baselines;

/// <summary>The baseline server as its own process, like the hub: its CPU and memory are measured the same way.</summary>
internal sealed class BaselineServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess _process;

    private BaselineServerProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Pid;

    public static async Task<BaselineServerProcess> StartAsync(BenchFederation federation, CancellationToken cancellationToken)
    {
        var portFile = Path.Combine(federation.Directory, "baseline.port");
        var process = ChildProcess.Start("baseline-server", Executables.Self(["baseline-server", "--pki", federation.PkiDirectory, "--port-file", portFile]));
        try
        {
            var port = await process.WaitForPortAsync(portFile, StartTimeout, cancellationToken);
            var address = new Uri($"https://127.0.0.1:{port}");
            await WaitUntilAnsweringAsync(process, address, federation, cancellationToken);
            return new BaselineServerProcess(process, address);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task WaitUntilAnsweringAsync(ChildProcess process, Uri address, BenchFederation federation, CancellationToken cancellationToken)
    {
        using var channels = new MemberChannels(federation, address);
        var client = new Baseline.BaselineClient(channels.For(0));
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.EchoAsync(new Payload(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(5), cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException) when (elapsed.Elapsed < StartTimeout && !process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }
}
