using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Testing.Hosting;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>The hub as `serve` builds it, on a development federation (FR enrolled) in the directory, for <see cref="StartWarning"/>.</summary>
/// <param name="label">Seeds the federation's keys (one per test class).</param>
internal sealed class HubServe(string label) : IServeProgram
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public DatabaseProgram Program => DatabaseProgram.Hub;

    public string DatabaseFile => "hub.db";

    public async Task PrepareAsync(string directory)
    {
        DevelopmentFederation.Create(DevelopmentPki.Create(System.Text.Encoding.ASCII.GetBytes(label), _time.GetUtcNow()), ["FR"], TimeSpan.FromDays(7)).WriteTo(directory);
        await HubStore.Open(Path.Combine(directory, DatabaseFile), _time).DisposeAsync();
    }

    public IAsyncDisposable Build(string directory, LogSink log, Func<string, VolumeReading?> volumeProbe) =>
        HubApplication.Build(HubArguments.For(directory, ["--Hub:AdminPort=0"], []), _time, log, volumeProbe);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
