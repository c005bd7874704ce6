namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>Counts of what a party's log says happened (e.g. retried submissions), as evidence that a fault hit something.</summary>
internal static class LogEvidence
{
    /// <summary>Lines of the log at <paramref name="path"/> containing <paramref name="text"/>.</summary>
    public static int Count(string path, string text) =>
        File.Exists(path) ? File.ReadLines(path).Count(line => line.Contains(text, StringComparison.Ordinal)) : 0;

    /// <summary>The node logs' "Submitting outbox message N failed (...); retrying" lines: submissions a fault interrupted.</summary>
    public static int SubmitRetries(Federation federation) => federation.Nodes.Values.Sum(n => Count(n.LogPath, "); retrying"));

    /// <summary>The node logs' "Stored delivery at cursor N (new: False)" lines: deliveries replayed after a fault and recognised as repeats.</summary>
    public static int RepeatedDeliveries(Federation federation) => federation.Nodes.Values.Sum(n => Count(n.LogPath, "(new: False)"));
}
