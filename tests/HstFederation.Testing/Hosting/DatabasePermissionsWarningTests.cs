using HstFederation.Storage;
using Xunit;

namespace HstFederation.Testing.Hosting;

/// <summary>
/// `serve` warns at start (hub event 5, node event 5012) when the database is readable or writable by its group or others, as
/// an earlier release's init left it (0644) or a copy made it, naming the file, its mode and the fix; it never changes the mode
/// itself (an operator may have given a backup agent's group access on purpose). The hub's and the node's test classes give
/// the program, the event and the text.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public abstract class DatabasePermissionsWarningTests(int eventId, Func<IServeProgram> program) : IAsyncLifetime
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly StartWarning _notPrivate = new(eventId, program);

    private string DatabasePath => _notPrivate.DatabasePath;

    public Task InitializeAsync() => _notPrivate.InitializeAsync();

    public Task DisposeAsync() => _notPrivate.DisposeAsync();

    [Fact]
    public async Task Serve_DatabaseReadableByOthers_WarnsWithItsModeAndTheFix_AndLeavesTheModeAlone()
    {
        const UnixFileMode worldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(DatabasePath, worldReadable);

        var warning = await _notPrivate.SaidAsync();

        Assert.Equal(WarningAt0644(DatabasePath), warning.Message);
        Assert.Equal(worldReadable, File.GetUnixFileMode(DatabasePath));

        // `status` says it in the same words (DatabaseAccess, whose text cannot be the log's constant template): no drift.
        var access = DatabaseAccess.Read(DatabasePath, _notPrivate.Program);
        Assert.Equal(warning.Message, $"The {_notPrivate.Program.Name} database {access.Problem}");
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

    /// <summary>The warning for <paramref name="databasePath"/> in mode 0644.</summary>
    protected abstract string WarningAt0644(string databasePath);
}
