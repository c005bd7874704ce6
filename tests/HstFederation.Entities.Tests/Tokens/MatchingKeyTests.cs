namespace HstFederation.Entities.Tests.Tokens;

public sealed class MatchingKeyTests
{
    [Fact]
    public void Format_Parse_RoundTripsKeysInOrder()
    {
        var current = MatchingKey.Generate("2026-2");
        var previous = MatchingKey.Generate("2026-1");

        var keys = MatchingKey.Parse(MatchingKey.Format([current, previous]));

        Assert.Equal(["2026-2", "2026-1"], keys.Select(k => k.Id));
        Assert.Equal(current.Key.ToArray(), keys[0].Key.ToArray());
        Assert.Equal(previous.Key.ToArray(), keys[1].Key.ToArray());
    }

    [Fact]
    public void Load_ReadsTheCurrentKeyFromAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"matching-key-{Environment.ProcessId}-{Path.GetRandomFileName()}.txt");
        var key = MatchingKey.Generate("2026-1");
        File.WriteAllText(path, MatchingKey.Format([key, MatchingKey.Generate("2025-4")]));
        try
        {
            var loaded = MatchingKey.Load(path);
            Assert.Equal("2026-1", loaded.Id);
            Assert.Equal(key.Key.ToArray(), loaded.Key.ToArray());
            Assert.Equal(2, MatchingKey.LoadAll(path).Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("id: 2026-1\n")]
    [InlineData("key: AAAA\n")]
    [InlineData("id: 2026-1\nkey: not base64!\n")]
    [InlineData("id: 2026-1\nkey: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==\n")]
    [InlineData("id: 2026 1\nkey: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n")]
    [InlineData("name: x\n")]
    public void Parse_Malformed_IsFormatException(string text) => Assert.Throws<FormatException>(() => MatchingKey.Parse(text));

    [Fact]
    public void Constructor_RefusesWrongLength() =>
        Assert.Throws<ArgumentException>(() => new MatchingKey("k", new byte[31]));
}
