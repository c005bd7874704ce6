using HstFederation.Testing.Hosting;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>The hub's warning at start for a database others may read, event 5 (<see cref="DatabasePermissionsWarningTests"/>).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DatabasePermissionsLogTests() : DatabasePermissionsWarningTests(eventId: 5, () => new HubServe("hub database permissions"))
{
    protected override string WarningAt0644(string databasePath) =>
        $"The hub database {databasePath} is readable or writable by users other than its owner (mode 0644), and it holds who sent what to whom; " +
        $"restrict it with 'chmod 600 {databasePath}' (and its -wal and -shm files, if any, while the hub is stopped) unless that access is intended";
}
