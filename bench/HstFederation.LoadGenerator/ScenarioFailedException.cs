namespace HstFederation.LoadGenerator;

/// <summary>A scenario failed in <see cref="Step"/>; the run records it and goes on.</summary>
internal sealed class ScenarioFailedException(string step, Exception inner)
    : Exception($"{step} failed: {inner.Message}", inner)
{
    public string Step { get; } = step;
}
