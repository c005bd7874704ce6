namespace HstFederation.Demo.Reporting;

/// <summary>Step 6's counts in the --json summary (docs/local-federation.md).</summary>
internal sealed record LifecycleSummary(
    int Updates, int Restrictions, int Recalls, int Confirmations, int OutstandingWhileOffline, int OutstandingConfirmations);
