namespace HstFederation.LoadGenerator.Results;

internal sealed record FigureRow(string Figure, string Hub, string Baseline, string Ratio);
