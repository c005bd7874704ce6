using System.Text.Json;

namespace HstFederation.Demo.Federation.Cli;

/// <summary><c>hst-node hits --json</c>: the hub's hit notifications about this NCB's messages, newest first.</summary>
internal sealed record HitsOutput(IReadOnlyList<HitsOutput.Hit> Hits)
{
    /// <summary>Notification: the HitNotification in the protobuf JSON mapping (matches with their factors).</summary>
    internal sealed record Hit(
        string HitId, string Short, DateTimeOffset DetectedAt, IReadOnlyList<string> Kinds, double Score, string YourMessageId,
        string OtherSender, string OtherMessageId, bool OtherMessageReadable, string Basis, bool Releasable, JsonElement Notification);
}
