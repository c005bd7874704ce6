using System.Text.Json;
using HstFederation.Hosting;
using HstFederation.Hub.Commands;
using HstFederation.Testing.Storage;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// `hst-hub status` says when the database is open to others (readable or writable by its group or others), in the words of
/// serve's start warning (event 5), text and JSON; and, since that access may be intended, it does not make status fail.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StatusDatabaseAccessTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly CommandHarness _hub = CommandHarness.Create();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Status_DatabaseOthersMayRead_SaysItWithItsModeAndTheFix_AndStillExitsZero()
    {
        var problem =
            $"{_hub.DatabasePath} is readable or writable by users other than its owner (mode 0644), and it holds who sent what to whom; " +
            $"restrict it with 'chmod 600 {_hub.DatabasePath}' (and its -wal and -shm files, if any, while the hub is stopped) unless that access is intended";

        var (text, json) = await StatusAsync(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        StatusDatabaseAccess.AssertSaid(text, json, _hub.DatabasePath, problem);
    }

    [Fact]
    public async Task Status_OwnerOnlyDatabase_SaysNothingOfIt()
    {
        var (text, json) = await StatusAsync(OwnerOnly);

        StatusDatabaseAccess.AssertNotSaid(text, json);
    }

    /// <summary>Status as text and its JSON "database", the database in <paramref name="mode"/>, serve running (so exit 0 is expected).</summary>
    private async Task<(string Text, JsonElement Json)> StatusAsync(UnixFileMode mode)
    {
        Assert.Equal(HubCommandLine.Success, (await _hub.RunAsync("init")).ExitCode);
        File.SetUnixFileMode(_hub.DatabasePath, mode);
        using var serving = await ServeLock.AcquireAsync(_hub.DatabasePath, "hst-hub", "Hub:DatabasePath", _hub.Time, CancellationToken.None);

        var text = await _hub.RunAsync("status");
        var json = await _hub.RunAsync("status", "--json");

        Assert.True(text.ExitCode == HubCommandLine.Success, text.ToString());
        Assert.True(json.ExitCode == HubCommandLine.Success, json.ToString());
        Assert.Equal(mode, File.GetUnixFileMode(_hub.DatabasePath));
        return (text.Out, json.Json().GetProperty("database"));
    }
}
