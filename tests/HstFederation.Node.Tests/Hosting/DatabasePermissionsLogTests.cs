using HstFederation.Testing.Hosting;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// The node's warning at start for a database others may read, event 5012 (<see cref="DatabasePermissionsWarningTests"/>): it
/// holds messages in clear.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsLogTests() : DatabasePermissionsWarningTests(eventId: 5012, () => new NodeServe("node database permissions tests"))
{
    protected override string WarningAt0644(string databasePath) =>
        $"The node database {databasePath} is readable or writable by users other than its owner (mode 0644), and it holds messages in clear; " +
        $"restrict it with 'chmod 600 {databasePath}' (and its -wal and -shm files, if any, while the node is stopped) unless that access is intended";
}
