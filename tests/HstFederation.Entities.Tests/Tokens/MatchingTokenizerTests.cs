using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Tests.Tokens;

public sealed class MatchingTokenizerTests
{
    private static readonly MatchingKey Key = new("2026-1", [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    private static MessageEntities WithPhone(string phone, string passport)
    {
        var person = Messages.Person("Karimov", "Akhmed");
        person.Phones.Add(phone);
        person.Documents.Add(new IdentityDocument { Type = DocumentType.Passport, Number = passport, IssuingCountry = "UZ" });
        return Messages.ExtractAll(person);
    }

    [Fact]
    public void Compute_IsTheDocumentedHmac()
    {
        var tokens = MatchingTokenizer.Compute(WithPhone("+33612345678", "FA1234567"), Key);

        var input = Encoding.ASCII.GetBytes("HST/v1/matching-token\u00003\u0000+33612345678");
        Assert.Equal("2026-1", tokens.KeyId);
        Assert.Equal(HMACSHA256.HashData(Key.Key, input), tokens.Tokens.Single(t => t.Kind == MatchKind.Phone).Token.ToByteArray());
        Assert.Equal("persons[0].phones[0]", tokens.Tokens.Single(t => t.Kind == MatchKind.Phone).Path);
        Assert.All(tokens.Tokens, t => Assert.Equal(32, t.Token.Length));
    }

    [Fact]
    public void Compute_DifferentlyFormattedEqualIdentifiers_GiveEqualTokens()
    {
        var a = MatchingTokenizer.Compute(WithPhone("+33 6 12 34 56 78", "FA 12O4567"), Key);
        var b = MatchingTokenizer.Compute(WithPhone("06.12.34.56.78", "fa-1204567"), Key);

        Assert.Equal(a.Tokens.Select(t => (t.Kind, t.Token)), b.Tokens.Select(t => (t.Kind, t.Token)));
    }

    [Fact]
    public void Compute_IsDeterministicAndKeyDependent()
    {
        var entities = WithPhone("+33612345678", "FA1234567");
        var other = new MatchingKey("2026-2", [.. Enumerable.Range(2, 32).Select(i => (byte)i)]);

        Assert.Equal(MatchingTokenizer.Compute(entities, Key), MatchingTokenizer.Compute(entities, Key));
        var underOther = MatchingTokenizer.Compute(entities, other);
        Assert.Equal("2026-2", underOther.KeyId);
        Assert.Empty(underOther.Tokens.Select(t => t.Token).Intersect(MatchingTokenizer.Compute(entities, Key).Tokens.Select(t => t.Token)));
    }

    [Fact]
    public void Compute_DeduplicatesEqualIdentifiers_KeepingTheFirstPath()
    {
        var person = Messages.Person("A", "B");
        person.Phones.Add("+33612345678");
        person.Phones.Add("+33 6 12 34 56 78");

        var token = Assert.Single(MatchingTokenizer.Compute(Messages.ExtractAll(person), Key).Tokens);
        Assert.Equal("persons[0].phones[0]", token.Path);
    }

    [Fact]
    public void Compute_NeverCarriesTheRawValue()
    {
        var entities = WithPhone("+33612345678", "FA1234567");
        var wire = MatchingTokenizer.Compute(entities, Key).ToByteArray();

        foreach (var value in new[] { "+33612345678", "33612345678", "FA1234567", "612345678" })
        {
            Assert.Equal(-1, wire.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
        }
    }
}
