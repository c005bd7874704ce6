namespace HstFederation.Demo.Reporting;

/// <summary>An expectation did not hold and what follows depends on it: the demo stops and names it.</summary>
internal sealed class ExpectationFailedException(CheckResult check) : Exception($"{check.Name}: {check.Detail}")
{
    public CheckResult Check { get; } = check;
}
