using HstFederation.Storage;
using HstFederation.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HstFederation.Testing.Hosting;

/// <summary>
/// A warning `serve` says once at start, before anything is served (low disk space, a database others may read): the
/// program is built as serve builds it, in a throw-away directory, with its log captured, and disposed. The hub and the
/// node say theirs the same way; a test names the program (<see cref="IServeProgram"/>) and the event.
/// </summary>
/// <param name="program">Makes the program, which this then owns (and disposes).</param>
public sealed class StartWarning(int eventId, Func<IServeProgram> program) : IAsyncLifetime
{
    private readonly IServeProgram _program = program();

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hst-start-warning-").FullName;

    public string DatabasePath => Path.Combine(Directory, _program.DatabaseFile);

    public DatabaseProgram Program => _program.Program;

    public Task InitializeAsync() => _program.PrepareAsync(Directory);

    public async Task DisposeAsync()
    {
        await _program.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>The warning, said once and as a warning, for its text to be checked.</summary>
    /// <param name="volumeProbe">What the database's volume reads; by default it does not say, so no low-disk warning.</param>
    public async Task<LogEntry> SaidAsync(Func<string, VolumeReading?>? volumeProbe = null)
    {
        var warning = Assert.Single(await StartAsync(volumeProbe));
        Assert.Equal(LogLevel.Warning, warning.Level);
        return warning;
    }

    /// <summary>Fails when the warning is said.</summary>
    public async Task NotSaidAsync(Func<string, VolumeReading?>? volumeProbe = null) => Assert.Empty(await StartAsync(volumeProbe));

    private async Task<IReadOnlyList<LogEntry>> StartAsync(Func<string, VolumeReading?>? volumeProbe)
    {
        using var log = new LogSink();
        await _program.Build(Directory, log, volumeProbe ?? (_ => null)).DisposeAsync();
        return [.. log.Entries.Where(e => e.EventId == eventId)];
    }
}
