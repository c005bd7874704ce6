using System.Collections.Concurrent;

namespace HstFederation.Testing.Processes;

/// <summary>
/// The last lines a child process printed, kept for error messages: a process that fails to start or exits on its own
/// is reported with what it said last, without holding everything it ever printed.
/// </summary>
public sealed class OutputTail(int linesKept)
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Adds a line (a <c>DataReceivedEventArgs.Data</c>; null, the end of the stream, is ignored).</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > linesKept && _lines.TryDequeue(out _))
        {
        }
    }

    public override string ToString() => string.Join('\n', _lines);
}
