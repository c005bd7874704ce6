using System.Text.Json;
using System.Text.Json.Serialization;

namespace HstFederation.LoadGenerator.Results;

/// <summary>Reads and writes the result file (camelCase; NaN for a figure a run could not produce).</summary>
internal static class ResultJson
{
    public const string FilePrefix = "load-";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write(RunResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{FilePrefix}{result.Profile}-{result.StartedAt:yyyyMMdd-HHmmss}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(result, Options));
        return path;
    }

    public static RunResult Read(string path) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} holds no result.");

    /// <summary>The newest result file in <paramref name="directory"/>, or null.</summary>
    public static string? Newest(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).GetFiles($"{FilePrefix}*.json").MaxBy(f => f.LastWriteTimeUtc)?.FullName
            : null;
}
