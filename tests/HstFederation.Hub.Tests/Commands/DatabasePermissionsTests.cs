using HstFederation.DevPki;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// The hub's database holds who sent what to whom: `init` creates it for its owner alone (0600), whatever the umask (0022 here,
/// which gave 0644 before), and SQLite gives its -wal and -shm files the database's mode. `init --dev-pki` writes private keys
/// and matching keys owner-only too; certificates and the CRL are public.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Init_NewDatabase_IsOwnerOnly_AndSoAreTheWalAndShmSqliteCreatesBesideIt()
    {
        using var hub = CommandHarness.Create();

        var init = await hub.RunAsync("init");

        Assert.True(init.ExitCode == HubCommandLine.Success, init.ToString());
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(hub.DatabasePath));
        await using (var store = HubStore.Open(hub.DatabasePath, hub.Time))
        {
            await store.AuditAsync("test", "note", null, "a write, so the -wal holds a frame");
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(hub.DatabasePath + "-wal"));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(hub.DatabasePath + "-shm"));
        }
    }

    [Fact]
    public async Task SqliteSidecars_TakeTheDatabasesMode_NotTheUmasks()
    {
        // What the rest relies on: chmod the database and its next -wal and -shm follow; SQLite does it, not this code.
        using var hub = CommandHarness.Create();
        Assert.Equal(HubCommandLine.Success, (await hub.RunAsync("init")).ExitCode);
        const UnixFileMode groupReads = OwnerOnly | UnixFileMode.GroupRead;
        File.SetUnixFileMode(hub.DatabasePath, groupReads);

        await using var store = HubStore.Open(hub.DatabasePath, hub.Time);
        await store.AuditAsync("test", "note", null, "a write, so the -wal holds a frame");

        Assert.Equal(groupReads, File.GetUnixFileMode(hub.DatabasePath + "-wal"));
        Assert.Equal(groupReads, File.GetUnixFileMode(hub.DatabasePath + "-shm"));
    }

    [Fact]
    public async Task Init_OverTheLeftoverOfAKilledInitThatOthersCouldRead_CreatesTheDatabaseOwnerOnly()
    {
        using var hub = CommandHarness.Create();
        var leftover = DatabaseCreation.BuildingPath(hub.DatabasePath);
        await File.WriteAllTextAsync(leftover, "what a killed init left");
        File.SetUnixFileMode(leftover, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var init = await hub.RunAsync("init");

        Assert.True(init.ExitCode == HubCommandLine.Success, init.ToString());
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(hub.DatabasePath));
    }

    [Fact]
    public async Task Init_IntoAnEmptyFileTheOperatorMade_KeepsItsMode()
    {
        // The operator's own choice (e.g. group read for a backup agent) is never changed behind their back; serve warns instead.
        using var hub = CommandHarness.Create();
        await File.WriteAllBytesAsync(hub.DatabasePath, []);
        const UnixFileMode groupReads = OwnerOnly | UnixFileMode.GroupRead;
        File.SetUnixFileMode(hub.DatabasePath, groupReads);

        var init = await hub.RunAsync("init");

        Assert.True(init.ExitCode == HubCommandLine.Success, init.ToString());
        Assert.Equal(groupReads, File.GetUnixFileMode(hub.DatabasePath));
    }

    [Fact]
    public async Task InitDevPki_WritesEveryPrivateAndMatchingKeyOwnerOnly_AndCertificatesReadable()
    {
        using var hub = CommandHarness.Create();
        var pki = Path.Combine(hub.Directory, "dev-pki");

        var init = await hub.RunBareAsync("init", "--dev-pki", pki, "--members", "FR,DE", $"--Hub:DatabasePath={Path.Combine(hub.Directory, "dev.db")}");

        Assert.True(init.ExitCode == HubCommandLine.Success, init.ToString());
        var files = System.IO.Directory.GetFiles(pki, "*", SearchOption.AllDirectories);
        var secrets = files.Where(f => f.EndsWith(".key.pem", StringComparison.Ordinal) || f == FederationLayout.MatchingKey(pki, "FR") || f == FederationLayout.MatchingKey(pki, "DE")).ToArray();
        Assert.Contains(FederationLayout.RootPrivateKey(pki), secrets);
        Assert.Equal(2 + 1 + 3 * 3, secrets.Length);
        Assert.All(secrets, f => Assert.Equal(OwnerOnly, File.GetUnixFileMode(f)));
        Assert.All(files.Except(secrets), f => Assert.True(File.GetUnixFileMode(f).HasFlag(UnixFileMode.OtherRead), f));
    }
}
