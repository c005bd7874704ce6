using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Testing.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// `serve` warns at start (event 5) when the database is readable or writable by its group or others, as an earlier release's
/// init left it (0644) or a copy made it, naming the file, its mode and the fix; it never changes the mode itself.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsLogTests : IAsyncLifetime
{
    private const int DatabaseNotPrivateEvent = 5;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-perms-").FullName;

    private string DatabasePath => Path.Combine(_directory, "hub.db");

    public async Task InitializeAsync()
    {
        DevelopmentFederation.Create(DevelopmentPki.Create("hub database permissions"u8, _time.GetUtcNow()), ["FR"], TimeSpan.FromDays(7)).WriteTo(_directory);
        await using (HubStore.Open(DatabasePath, _time))
        {
        }
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serve_DatabaseReadableByOthers_WarnsWithItsModeAndTheFix_AndLeavesTheModeAlone()
    {
        const UnixFileMode worldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(DatabasePath, worldReadable);
        using var log = new LogSink();

        await BuildAsync(log);

        var warning = Assert.Single(log.Entries, e => e.EventId == DatabaseNotPrivateEvent);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            $"The hub database {DatabasePath} is readable or writable by users other than its owner (mode 0644), and it holds who sent what to whom; " +
            $"restrict it with 'chmod 600 {DatabasePath}' (and its -wal and -shm files, if any, while the hub is stopped) unless that access is intended",
            warning.Message);
        Assert.Equal(worldReadable, File.GetUnixFileMode(DatabasePath));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    [InlineData(UnixFileMode.OtherWrite)]
    public async Task Serve_DatabaseTheGroupOrOthersMayReadOrWrite_Warns(UnixFileMode shared)
    {
        File.SetUnixFileMode(DatabasePath, OwnerOnly | shared);
        using var log = new LogSink();

        await BuildAsync(log);

        Assert.Single(log.Entries, e => e.EventId == DatabaseNotPrivateEvent);
    }

    [Fact]
    public async Task Serve_OwnerOnlyDatabase_SaysNothing()
    {
        File.SetUnixFileMode(DatabasePath, OwnerOnly);
        using var log = new LogSink();

        await BuildAsync(log);

        Assert.DoesNotContain(log.Entries, e => e.EventId == DatabaseNotPrivateEvent);
    }

    /// <summary>Builds the hub as serve does (the warning is said then, before anything is served) and disposes it.</summary>
    private async Task BuildAsync(LogSink log)
    {
        var app = HubApplication.Build(HubArguments.For(_directory, ["--Hub:AdminPort=0"], []), _time, log, _ => null);
        await app.DisposeAsync();
    }
}
