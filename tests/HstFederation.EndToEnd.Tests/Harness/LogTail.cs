namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>The last lines of a log file, for failure messages.</summary>
internal static class LogTail
{
    public static string Read(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            const int window = 64 * 1024;
            stream.Seek(Math.Max(0, stream.Length - window), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd().Split('\n');
            return string.Join('\n', text.TakeLast(lines));
        }
        catch (IOException error)
        {
            return $"({path} cannot be read: {error.Message})";
        }
    }
}
