using System.Text;

namespace HstFederation.Testing.Storage;

/// <summary>
/// Reads a SQLite database's main and -wal files as bytes, to prove a purge left no trace of the content. The store may
/// be running: a checkpoint can truncate the WAL, or remove it, while it is read, so each file is read to its end as it
/// is then, never to a length taken first (File.ReadAllBytes fails when the file shrinks under it).
/// </summary>
public static class DatabaseFiles
{
    public static bool Contain(string databasePath, string canary) => Bytes(databasePath).AsSpan().IndexOf(Encoding.UTF8.GetBytes(canary)) >= 0;

    /// <summary>The main file's bytes followed by the WAL's, if there is one.</summary>
    public static byte[] Bytes(string databasePath) => [.. Read(databasePath), .. Read(databasePath + "-wal")];

    private static byte[] Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }
}
