using System.Text.Json;

namespace HstFederation.Demo.Federation;

/// <summary>
/// <c>.hst/federation.json</c> as <c>./hst up</c> writes it (docs/local-federation.md): where each party listens and
/// how to run its CLI. Only the fields the demo uses are read.
/// </summary>
internal sealed record FederationFile(string Path, string Home, int UpPid, HubParty Hub, IReadOnlyList<NodeParty> Nodes)
{
    public NodeParty? Node(string member) => Nodes.FirstOrDefault(n => n.Member == member);

    public static FederationFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DemoSetupException($"cannot read {path}: {e.Message} (is a federation up? ./hst up writes it once READY)");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var parties = root.GetProperty("parties").EnumerateArray().ToList();
            var hub = parties.Single(p => p.GetProperty("role").GetString() == "hub");
            var nodes = parties.Where(p => p.GetProperty("role").GetString() == "node").Select(NodeParty.Read).ToList();
            return new FederationFile(
                path,
                root.GetProperty("home").GetString()!,
                root.GetProperty("upPid").GetInt32(),
                new HubParty(hub.GetProperty("identity").GetString()!, hub.GetProperty("database").GetString()!, hub.GetProperty("log").GetString()!, hub.GetProperty("cli").GetString()!),
                nodes);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DemoSetupException($"{path} is not a federation.json written by ./hst up: {e.Message}");
        }
    }
}
