using HstFederation.TestVectors;

// Usage: HstFederation.TestVectors <output-directory>
// Regenerates every vector file; the output is byte-identical on every run and machine.
if (args.Length != 1 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: dotnet run --project tests/HstFederation.TestVectors -- <output-directory>");
    Console.Error.WriteLine("Writes the deterministic envelope test vectors described in docs/protocol.md §10.");
    return args.Length == 1 ? 0 : 2;
}

var directory = Path.GetFullPath(args[0]);
Directory.CreateDirectory(directory);
foreach (var (name, content) in VectorSet.Generate())
{
    var path = Path.Combine(directory, name);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, content);
    Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
}

return 0;
