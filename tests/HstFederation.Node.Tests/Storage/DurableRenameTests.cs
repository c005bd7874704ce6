using HstFederation.Testing;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// Renames into place made durable by flushing the directory. What a test can show: the helper renames, it really opens
/// and flushes a real directory (and says which one when it cannot), and every rename-into-place of the hub, the node and
/// the shared libraries goes through it. What it cannot show: that the name survives a power cut; that needs the machine's
/// power pulled between the rename and the next journal commit.
/// </summary>
public sealed class DurableRenameTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hst-durable-rename-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Move_OnARealDirectory_RenamesTheFileIntoPlace()
    {
        var source = Path.Combine(_directory, "node.db.init");
        var destination = Path.Combine(_directory, "node.db");
        File.WriteAllText(source, "built");

        DurableRename.Move(source, destination, overwrite: false);

        Assert.False(File.Exists(source));
        Assert.Equal("built", File.ReadAllText(destination));
    }

    [Fact]
    public void FlushDirectory_OfARealDirectory_Succeeds()
    {
        File.WriteAllText(Path.Combine(_directory, "a"), "a");

        DurableRename.FlushDirectory(_directory);

        Assert.True(File.Exists(Path.Combine(_directory, "a")));
    }

    [Fact]
    public void FlushDirectory_OfAMissingDirectory_SaysWhichAndWhy()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Nothing is flushed on Windows (NTFS journals the rename), so nothing is opened either.
        }

        var missing = Path.Combine(_directory, "gone");

        var error = Assert.Throws<DirectoryFlushException>(() => DurableRename.FlushDirectory(missing));

        Assert.Contains($"cannot open the directory {missing}", error.Message, StringComparison.Ordinal);
        Assert.Contains("may not survive a power cut", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A rename into place written with File.Move (init's database and settings, backup, the CRL) would again lose its name
    /// to a power cut. The serve lock's holder record is the one exception: it describes a running serve, which a power
    /// cut ends anyway.
    /// </summary>
    [Fact]
    public void ProductionCode_RenamesIntoPlace_OnlyThroughDurableRename()
    {
        var root = RepositoryRoot.Find();
        string[] allowed = ["proto/HstFederation.Storage/DurableRename.cs", "proto/HstFederation.Hosting/ServeLock.cs"];
        string[] renames = ["File.Move(", "File.Replace(", "Directory.Move("];

        var found = new[] { "hub", "node", "proto", "certs-dev" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(file => !file.Contains("/obj/", StringComparison.Ordinal) && !file.Contains("/bin/", StringComparison.Ordinal))
            .Where(file => !allowed.Contains(file))
            .Where(file => renames.Any(rename => File.ReadAllText(Path.Combine(root, file)).Contains(rename, StringComparison.Ordinal)))
            .ToList();

        Assert.True(found.Count == 0, "Renames into place not made durable (use DurableRename.Move): " + string.Join(", ", found));
    }
}
