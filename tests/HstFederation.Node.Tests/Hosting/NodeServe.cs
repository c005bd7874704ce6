using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Testing.Hosting;
using HstFederation.Testing.Logging;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>FR's node as `serve` builds it (<see cref="FrServeSettings"/>) against a test hub it starts, for <see cref="StartWarning"/>.</summary>
/// <param name="label">Seeds the national CA's keys (one per test class).</param>
internal sealed class NodeServe(string label) : IServeProgram
{
    private TestHub? _hub;

    public DatabaseProgram Program => DatabaseProgram.Node;

    public string DatabaseFile => "node.db";

    public async Task PrepareAsync(string directory)
    {
        _hub = await TestHub.StartAsync();
        await NodeStore.Open(Path.Combine(directory, DatabaseFile), TimeProvider.System).DisposeAsync();
    }

    public IAsyncDisposable Build(string directory, LogSink log, Func<string, VolumeReading?> volumeProbe) =>
        NodeApplication.Build(FrServeSettings.Create(_hub!, directory, label), TimeProvider.System, log, volumeProbe);

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
