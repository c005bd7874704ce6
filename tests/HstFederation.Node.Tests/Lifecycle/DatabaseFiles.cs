using System.Text;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>Reads a SQLite database's main and -wal files as bytes, to prove a purge left no trace of the content.</summary>
internal static class DatabaseFiles
{
    public static bool Contain(string databasePath, string canary)
    {
        var needle = Encoding.UTF8.GetBytes(canary);
        return new[] { databasePath, databasePath + "-wal" }.Any(path => File.Exists(path) && Read(path).AsSpan().IndexOf(needle) >= 0);
    }

    private static byte[] Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
