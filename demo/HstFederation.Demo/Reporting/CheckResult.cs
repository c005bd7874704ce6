namespace HstFederation.Demo.Reporting;

/// <summary>One expectation: a stable name (docs/local-federation.md lists them), whether it held, and what was seen.</summary>
internal sealed record CheckResult(string Name, bool Ok, string Detail);
