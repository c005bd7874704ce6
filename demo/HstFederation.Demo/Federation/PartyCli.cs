using System.Diagnostics;
using System.Text.Json;

namespace HstFederation.Demo.Federation;

/// <summary>
/// One party's operator CLI (a node's hst-node, the hub's hst-hub), run exactly as federation.json's <c>cli</c> line
/// says: bash reads the line (so its quoting holds) and the command with its arguments takes the place of
/// <c>&lt;command&gt;</c>. Every call uses <c>--json</c>; exit 1 with the party's own error text becomes a
/// <see cref="PartyCallException"/>.
/// </summary>
internal sealed class PartyCli(string program, string party, string cliLine, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PartyCli Node(NodeParty node, TimeProvider time) => new("hst-node", node.Member, node.CliLine, time);

    public static PartyCli Hub(HubParty hub, TimeProvider time) => new("hst-hub", "the hub", hub.CliLine, time);

    /// <summary>The member code for a node; "the hub" for the hub.</summary>
    public string Member => party;

    public async Task<T> RunAsync<T>(IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? input = null)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec " + cliLine.Replace("<command>", "\"$@\"", StringComparison.Ordinal));
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--json");
        var result = await ProcessRunner.RunAsync(start, input, time, cancellationToken);
        var command = $"{program} {arguments[0]} on {party}";
        if (result.ExitCode != 0)
        {
            throw new PartyCallException($"{command} failed (exit {result.ExitCode}): {FirstLine(result.Error)}");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(result.Out, Json) ?? throw new JsonException("empty output");
        }
        catch (JsonException e)
        {
            throw new PartyCallException($"{command} printed no JSON the demo understands: {e.Message}");
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "(nothing on stderr)" : line;
    }
}
