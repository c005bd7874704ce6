using System.Text.Json;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>What one in-process `hst-hub` run printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Out}stderr:{Environment.NewLine}{Error}";
}
