using HstFederation.Testing.Hosting;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>The hub's low-disk warning at start, event 4 (<see cref="LowDiskSpaceWarningTests"/>).</summary>
public sealed class LowDiskSpaceLogTests() : LowDiskSpaceWarningTests(eventId: 4, () => new HubServe("hub low disk space"))
{
    protected override string WarningAt300Of100000MiB(string databasePath) =>
        $"Low disk space for the hub database {databasePath}: 300 MiB free of 100000 MiB on its volume (warned below 1024 MiB or 5 %); " +
        "free space before writes are refused as storage full";
}
