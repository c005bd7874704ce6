namespace HstFederation.LoadGenerator.Load;

/// <summary>How an open-loop phase actually offered its load: the rate asked for against the rate sent, and the backlog of unanswered sends.</summary>
internal sealed record OpenLoopFigures
{
    /// <summary>The scenario's rate, msgs/s.</summary>
    public required double OfferedRate { get; init; }

    /// <summary>Sends per second from the first send to the last (lower than offered when the backlog cap held sends back).</summary>
    public required double AchievedRate { get; init; }

    /// <summary>The most sends allowed unanswered at once (in flight or waiting to be retried).</summary>
    public required int BacklogCap { get; init; }

    /// <summary>The most sends that were unanswered at once.</summary>
    public required int BacklogPeak { get; init; }

    /// <summary>Sends that had to wait for a slot under the cap.</summary>
    public required int HeldBack { get; init; }

    /// <summary>The offered rate was sustained: no send waited for the cap and the achieved rate is within 5 % of the offered one.</summary>
    public bool Sustained => HeldBack == 0 && AchievedRate >= OfferedRate * 0.95;
}
