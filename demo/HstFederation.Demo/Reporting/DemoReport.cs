namespace HstFederation.Demo.Reporting;

/// <summary>
/// What the demo tells a person as it goes (steps, timings, each expectation with ok or FAIL) and what it keeps for
/// the summary. It prints identifiers, case references, states, counts, timings, the demo's own search texts and the
/// canary it planted — never a message's body.
/// </summary>
internal sealed class DemoReport(TextWriter narration)
{
    private readonly List<CheckResult> _checks = [];

    public IReadOnlyList<CheckResult> Checks => _checks;

    public CheckResult? FirstFailure => _checks.FirstOrDefault(c => !c.Ok);

    public void Heading(string text)
    {
        narration.WriteLine();
        narration.WriteLine(text);
    }

    public void Line(string text) => narration.WriteLine("   " + text);

    /// <summary>Records an expectation; a failed one stops the demo, since later steps build on it.</summary>
    public void Require(string name, bool ok, string detail)
    {
        var check = Expect(name, ok, detail);
        if (!ok)
        {
            throw new ExpectationFailedException(check);
        }
    }

    /// <summary>Records an expectation and goes on: for the final checks, each of which stands alone.</summary>
    public CheckResult Expect(string name, bool ok, string detail)
    {
        var check = new CheckResult(name, ok, detail);
        _checks.Add(check);
        narration.WriteLine($"   {(ok ? "ok  " : "FAIL")} {name}: {detail}");
        return check;
    }
}
