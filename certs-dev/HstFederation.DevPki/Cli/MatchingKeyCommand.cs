using System.Globalization;
using HstFederation.Entities;

namespace HstFederation.DevPki.Cli;

/// <summary>
/// matching-key --out DIR [--id ID] [--rotate]: a new federation matching key in every member's directory of DIR
/// (members/XX/matching.key), never in the hub's. With --rotate the members' current key is kept after the new one.
/// </summary>
internal static class MatchingKeyCommand
{
    private static readonly HashSet<string> Values = ["--out", "--id"];
    private static readonly HashSet<string> Flags = ["--rotate"];

    public static int Run(IEnumerable<string> args, TextWriter stdout, TimeProvider time)
    {
        var parsed = ParsedArguments.Parse(args, Values, Flags);
        var output = parsed.Required("--out");
        var members = FederationLayout.MembersDirectory(output);
        if (!Directory.Exists(members))
        {
            throw new UsageException($"'{members}' does not exist; create the federation with 'create'.");
        }

        var codes = Directory.EnumerateDirectories(members).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            throw new UsageException($"'{members}' holds no member directory.");
        }

        var id = parsed.Optional("--id") ?? "dev-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        MatchingKey key;
        try
        {
            key = MatchingKey.Generate(id);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--id: " + e.Message);
        }

        // A rotation keeps the key every member holds now as the previous one (the first member's file speaks for all).
        var previous = parsed.Flag("--rotate") && File.Exists(FederationLayout.MatchingKey(output, codes[0]))
            ? [MatchingKey.Load(FederationLayout.MatchingKey(output, codes[0]))]
            : Array.Empty<MatchingKey>();
        if (previous.Any(p => p.Id == key.Id))
        {
            throw new UsageException($"--id: the current key is already '{key.Id}'; a rotation needs a new id.");
        }

        DevelopmentFederation.WriteMatchingKeys(output, codes, [key, .. previous]);
        stdout.WriteLine($"Matching key '{key.Id}' written to members/<XX>/matching.key for {string.Join(", ", codes)} (never to the hub)" +
            (previous.Length > 0 ? $"; '{previous[0].Id}' kept after it as the previous key." : "."));
        return DevPkiCli.Success;
    }
}
