using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>
/// `serve` warns at start (event 5) when the database is readable or writable by its group or others, as an earlier release's
/// init left it (0644) or a copy made it, naming the file, its mode and the fix; it never changes the mode itself.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsLogTests : IAsyncLifetime
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly StartWarning _notPrivate;

    public DatabasePermissionsLogTests() =>
        _notPrivate = new StartWarning(eventId: 5, "hub.db", (directory, log, probe) => HubApplication.Build(HubArguments.For(directory, ["--Hub:AdminPort=0"], []), _time, log, probe));

    private string DatabasePath => _notPrivate.DatabasePath;

    public async Task InitializeAsync()
    {
        DevelopmentFederation.Create(DevelopmentPki.Create("hub database permissions"u8, _time.GetUtcNow()), ["FR"], TimeSpan.FromDays(7)).WriteTo(_notPrivate.Directory);
        await HubStore.Open(DatabasePath, _time).DisposeAsync();
    }

    public Task DisposeAsync()
    {
        _notPrivate.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serve_DatabaseReadableByOthers_WarnsWithItsModeAndTheFix_AndLeavesTheModeAlone()
    {
        const UnixFileMode worldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(DatabasePath, worldReadable);

        var warning = await _notPrivate.SaidAsync();

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

        await _notPrivate.SaidAsync();
    }

    [Fact]
    public async Task Serve_OwnerOnlyDatabase_SaysNothing()
    {
        File.SetUnixFileMode(DatabasePath, OwnerOnly);

        await _notPrivate.NotSaidAsync();
    }
}
