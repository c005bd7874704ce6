using System.Diagnostics;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>When each phase of a scenario ended, from the start of its set-up: printed with the scenario's wall time.</summary>
internal sealed class Timeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _marks = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Mark(string phase)
    {
        lock (_marks)
        {
            _marks.Add($"{phase} {_clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    public override string ToString()
    {
        lock (_marks)
        {
            return string.Join(", ", _marks);
        }
    }
}
