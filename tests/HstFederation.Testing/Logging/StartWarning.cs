using HstFederation.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HstFederation.Testing.Logging;

/// <summary>
/// A warning `serve` says once at start, before anything is served (low disk space, a database others may read): the
/// program is built as serve builds it, in a throw-away directory, with its log captured, and disposed. The hub and the
/// node say theirs the same way, so a test states only what differs: the program and its settings, the event, the text.
/// </summary>
public sealed class StartWarning : IDisposable
{
    private readonly int _eventId;
    private readonly Build _build;

    /// <param name="eventId">The warning's event id.</param>
    /// <param name="databaseFile">The database's file name in <see cref="Directory"/>, which the test creates.</param>
    /// <param name="build">Builds the program as serve does, on <see cref="Directory"/>, logging to the sink.</param>
    public StartWarning(int eventId, string databaseFile, Build build)
    {
        _eventId = eventId;
        _build = build;
        Directory = System.IO.Directory.CreateTempSubdirectory("hst-start-warning-").FullName;
        DatabasePath = Path.Combine(Directory, databaseFile);
    }

    /// <summary>Builds the program (not started: the warnings are said at build) with its volume probe.</summary>
    public delegate IAsyncDisposable Build(string directory, LogSink log, Func<string, VolumeReading?> volumeProbe);

    public string Directory { get; }

    public string DatabasePath { get; }

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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task<IReadOnlyList<LogEntry>> StartAsync(Func<string, VolumeReading?>? volumeProbe)
    {
        using var log = new LogSink();
        await _build(Directory, log, volumeProbe ?? (_ => null)).DisposeAsync();
        return [.. log.Entries.Where(e => e.EventId == _eventId)];
    }
}
