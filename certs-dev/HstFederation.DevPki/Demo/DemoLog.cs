namespace HstFederation.DevPki.Demo;

/// <summary>Prints the demonstration as a person would follow it, and counts what did not hold.</summary>
internal sealed class DemoLog(TextWriter output)
{
    public int Checks { get; private set; }

    public int Failures { get; private set; }

    public void Heading(string text)
    {
        output.WriteLine();
        output.WriteLine(text);
    }

    public void Step(string what, string detail) => output.WriteLine($"  - {what}: {detail}");

    public void Expect(string what, bool held)
    {
        Checks++;
        if (!held)
        {
            Failures++;
        }

        output.WriteLine($"  {(held ? "ok  " : "FAIL")} {what}");
    }
}
