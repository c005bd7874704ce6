using System.Text.Json;
using Xunit;

namespace HstFederation.Testing.Storage;

/// <summary>
/// What `status` (hub and node alike) says of a database open to others: a Database line in the text, "database" in --json.
/// </summary>
public static class StatusDatabaseAccess
{
    /// <summary>Both forms say that others may read <paramref name="path"/> (mode 0644), in <paramref name="problem"/>'s words.</summary>
    public static void AssertSaid(string text, JsonElement database, string path, string problem)
    {
        Assert.Contains($"{Environment.NewLine}Database     OPEN TO OTHERS: {problem}{Environment.NewLine}", text, StringComparison.Ordinal);
        Assert.Equal(path, database.GetProperty("path").GetString());
        Assert.Equal("0644", database.GetProperty("mode").GetString());
        Assert.True(database.GetProperty("openToOthers").GetBoolean());
        Assert.Equal(problem, database.GetProperty("problem").GetString());
    }

    /// <summary>Neither form says anything of an owner-only (0600) database beyond its mode.</summary>
    public static void AssertNotSaid(string text, JsonElement database)
    {
        Assert.DoesNotContain("Database ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OPEN TO OTHERS", text, StringComparison.Ordinal);
        Assert.Equal("0600", database.GetProperty("mode").GetString());
        Assert.False(database.GetProperty("openToOthers").GetBoolean());
        Assert.Equal(JsonValueKind.Null, database.GetProperty("problem").ValueKind);
    }
}
