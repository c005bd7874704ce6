using System.Globalization;

namespace HstFederation.Demo.Cli;

/// <summary>hst-demo's command line: <c>--federation FILE --pki-tool EXE [--hst SCRIPT] [--json] [--timeout SECONDS]</c>.</summary>
internal sealed record DemoOptions(string Federation, string PkiTool, string Hst, bool Json, TimeSpan Deadline, bool Help)
{
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        string federation = Path.Combine(".hst", "federation.json"), pkiTool = string.Empty, hst = "hst";
        var json = false;
        var deadline = TimeSpan.FromSeconds(60);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    return new DemoOptions(federation, pkiTool, hst, json, deadline, Help: true);
                case "--json":
                    json = true;
                    break;
                case "--federation":
                    federation = Value(args, ref i);
                    break;
                case "--pki-tool":
                    pkiTool = Value(args, ref i);
                    break;
                case "--hst":
                    hst = Value(args, ref i);
                    break;
                case "--timeout":
                    var text = Value(args, ref i);
                    deadline = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new DemoUsageException($"--timeout takes whole seconds from 1 to 3600, not '{text}'.");
                    break;
                default:
                    throw new DemoUsageException($"unknown argument '{args[i]}'.");
            }
        }

        if (pkiTool.Length == 0)
        {
            throw new DemoUsageException("--pki-tool is required: the dev PKI executable (HstFederation.DevPki) that issues the agency's certificate.");
        }

        return new DemoOptions(federation, pkiTool, Path.GetFullPath(hst), json, deadline, Help: false);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : throw new DemoUsageException($"{args[i - 1]} needs a value.");
}
