using System.Text;
using HstFederation.Demo.Federation;

namespace HstFederation.Demo.Run;

/// <summary>
/// The demo's one deliberate look behind the interfaces: a party's database file, its write-ahead log and its log read
/// as raw bytes (never opened as a database), searched for the canary of the direct exchange. A hub that could read
/// that message would hold its text; one that only routes it holds ciphertext; a node that purged it holds neither.
/// </summary>
internal static class FileScan
{
    public static IReadOnlyList<string> Files(HubParty hub) => [hub.Database, hub.Database + "-wal", hub.Log];

    public static IReadOnlyList<string> Files(NodeParty node) => [node.Database, node.Database + "-wal", node.Log];

    /// <summary>The files (of those that exist) holding the canary as UTF-8 or UTF-16 text.</summary>
    public static async Task<IReadOnlyList<string>> FilesHoldingAsync(IReadOnlyList<string> files, string canary, CancellationToken cancellationToken)
    {
        byte[][] needles = [Encoding.UTF8.GetBytes(canary), Encoding.Unicode.GetBytes(canary)];
        var holding = new List<string>();
        foreach (var file in files.Where(File.Exists))
        {
            // The party keeps writing while this runs: share everything, read what is there now.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
            if (bytes.IndexOf(needles[0]) >= 0 || bytes.IndexOf(needles[1]) >= 0)
            {
                holding.Add(file);
            }
        }

        return holding;
    }
}
