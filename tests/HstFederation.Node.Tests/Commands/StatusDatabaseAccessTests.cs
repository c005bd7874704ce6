using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Commands;

/// <summary>
/// `hst-node status` says when the database, which holds messages in clear, is open to others (readable or writable by its
/// group or others), in the words of serve's start warning (event 5012), text and JSON; and, since that access may be
/// intended, it neither makes status unhealthy nor changes its exit code.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StatusDatabaseAccessTests : CommandLineTestBase
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private string DatabasePath => Path.Combine(Fr.DirectoryPath, "node.db");

    [Fact]
    public async Task Status_DatabaseOthersMayRead_SaysItWithItsModeAndTheFix_ButNotOnceOwnerOnly_AndStaysHealthyBothWays()
    {
        var problem =
            $"{DatabasePath} is readable or writable by users other than its owner (mode 0644), and it holds messages in clear; " +
            $"restrict it with 'chmod 600 {DatabasePath}' (and its -wal and -shm files, if any, while the node is stopped) unless that access is intended";

        var (openText, open) = await StatusAsync(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var (privateText, owned) = await StatusAsync(OwnerOnly);

        StatusDatabaseAccess.AssertSaid(openText, open, DatabasePath, problem);
        StatusDatabaseAccess.AssertNotSaid(privateText, owned);
    }

    /// <summary>FR's status as text and its JSON "database", its database in <paramref name="mode"/>; healthy either way.</summary>
    private async Task<(string Text, JsonElement Json)> StatusAsync(UnixFileMode mode)
    {
        File.SetUnixFileMode(DatabasePath, mode);

        var text = await RunAsync(Fr, "status");
        var json = await RunAsync(Fr, "status", "--json");

        Assert.True(text.ExitCode == NodeCommandLine.Success, text.ToString());
        Assert.True(json.ExitCode == NodeCommandLine.Success, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        Assert.True(document.RootElement.GetProperty("healthy").GetBoolean());
        return (text.Out, document.RootElement.GetProperty("database").Clone());
    }
}
