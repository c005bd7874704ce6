using HstFederation.Storage;
using HstFederation.Testing.Logging;

namespace HstFederation.Testing.Hosting;

/// <summary>The hub or the node as `serve` builds it, for <see cref="StartWarning"/>: what differs between the two.</summary>
public interface IServeProgram : IAsyncDisposable
{
    /// <summary>Which program it is, as the storage library names it.</summary>
    DatabaseProgram Program { get; }

    /// <summary>The database's file name in the directory ("hub.db").</summary>
    string DatabaseFile { get; }

    /// <summary>Writes what serve needs in <paramref name="directory"/> (settings, credentials) and creates the database.</summary>
    Task PrepareAsync(string directory);

    /// <summary>Builds the program as serve does on <paramref name="directory"/> (its start warnings are said then), logging to the sink.</summary>
    IAsyncDisposable Build(string directory, LogSink log, Func<string, VolumeReading?> volumeProbe);
}
