using HstFederation.Testing.Hosting;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>The node's low-disk warning at start, event 5011 (<see cref="LowDiskSpaceWarningTests"/>).</summary>
public sealed class LowDiskSpaceLogTests() : LowDiskSpaceWarningTests(eventId: 5011, () => new NodeServe("node low disk space tests"))
{
    protected override string WarningAt300Of100000MiB(string databasePath) =>
        $"Low disk space for the node database {databasePath}: 300 MiB free of 100000 MiB on its volume (warned below 1024 MiB " +
        "or 5 %); free space before writes are refused as storage full";
}
