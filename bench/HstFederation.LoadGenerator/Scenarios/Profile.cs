namespace HstFederation.LoadGenerator.Scenarios;

/// <summary>A named set of scenarios run one after the other against one federation.</summary>
internal sealed record Profile(string Name, string Purpose, int Members, IReadOnlyList<Scenario> Scenarios)
{
    public int MaxFanOut => Scenarios.Max(s => s.FanOut);
}
