using System.Text;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>
/// Looks for a canary string in files as raw bytes (UTF-8 and UTF-16), whatever the file is: a SQLite database,
/// its -wal and -shm files, a log.
/// </summary>
internal static class CanaryScan
{
    /// <summary>The files among <paramref name="paths"/> that exist and contain <paramref name="canary"/>.</summary>
    public static List<string> FilesContaining(string canary, IEnumerable<string> paths)
    {
        byte[][] patterns = [Encoding.UTF8.GetBytes(canary), Encoding.Unicode.GetBytes(canary)];
        return [.. paths.Where(File.Exists).Where(path =>
        {
            var bytes = ReadShared(path);
            return patterns.Any(pattern => bytes.AsSpan().IndexOf(pattern) >= 0);
        })];
    }

    /// <summary>A SQLite database with its -wal and -shm files.</summary>
    public static IEnumerable<string> DatabaseFiles(string databasePath) => [databasePath, databasePath + "-wal", databasePath + "-shm"];

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
