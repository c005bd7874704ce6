using System.Text;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Entities;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>
/// Blind matching at the hub (docs/intelligence.md §5): direct exchanges the hub cannot read carry keyed tokens of their
/// strong identifiers; equal tokens of two sources make a hit, and the hub's files never hold the identifier.
/// </summary>
public sealed class BlindTokenTests : IntelligenceHubTests
{
    private const string Phone = "+33 6 12 34 56 78";
    private static readonly MatchingKey Key = new("2026-1", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static (HstMessage Message, MatchingTokens Tokens) Direct(string source, string @case, string family, string phone)
    {
        var message = IntelMessages.AboutPerson(@case, family, "Zbigniew", phone);
        return (message, MatchingTokenizer.Compute(EntityExtractor.Extract(message, source), Key));
    }

    [Fact]
    public async Task DirectMessagesOfTwoSources_WithTheSamePhoneToken_BothSourcesAreNotifiedBlind()
    {
        var (fr, frTokens) = Direct("FR", "FR-DIRECT-1", "WOJCIECHOWSKI", Phone);
        var (it, itTokens) = Direct("IT", "IT-DIRECT-1", "VOJCEHOVSKI", "+33612345678");
        await Messages.SubmitAsync("FR", fr, ["DE"], tokens: frTokens);
        var last = await Messages.SubmitAsync("IT", it, ["ES"], tokens: itTokens);
        await Messages.ProcessedAsync(last);

        var atFr = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        var atIt = Assert.Single(await HubInbox.NotificationsAsync(Hub, "IT", 1));

        Assert.Equal(atFr.HitId, atIt.HitId);
        Assert.Equal(HitBasis.BlindTokens, atFr.Basis);
        var phone = Assert.Single(atFr.Matches);
        Assert.Equal(MatchKind.Phone, phone.Kind);
        Assert.Equal(string.Empty, phone.YourValue);
        Assert.Equal("persons[0].phones[0]", phone.YourPath);
        Assert.False(atFr.Releasable);
        Assert.False(atIt.OtherMessageReadable);
        Assert.Equal(last, Assert.Single(await HubInbox.EnvelopesAsync(Hub, "ES")).HubSequence);
        Assert.Single(await HubInbox.EnvelopesAsync(Hub, "DE"));
    }

    [Fact]
    public async Task Rotation_TokensUnderThePreviousKeyToo_MatchAMessageTokenisedBeforeTheRotation()
    {
        var next = new MatchingKey("2026-2", Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
        var (before, beforeTokens) = Direct("IT", "IT-OLD-1", "VOJCEHOVSKI", "+33612345678");
        var (after, _) = Direct("FR", "FR-NEW-1", "WOJCIECHOWSKI", Phone);
        var entities = EntityExtractor.Extract(after, "FR");
        await Messages.SubmitAsync("IT", before, ["ES"], tokens: beforeTokens);

        var last = await Messages.SubmitAsync("FR", after, ["DE"], tokens: MatchingTokenizer.Compute(entities, next), otherKeys: [MatchingTokenizer.Compute(entities, Key)]);
        await Messages.ProcessedAsync(last);

        Assert.Equal(HitBasis.BlindTokens, Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1)).Basis);
        Assert.Equal(2L, HubInbox.Count(Hub, "SELECT count(DISTINCT key_id) FROM matching_tokens"));
    }

    [Fact]
    public async Task HubFiles_AfterBlindMatching_NeverHoldTheRawIdentifiers()
    {
        var (fr, frTokens) = Direct("FR", "FR-DIRECT-2", "WOJCIECHOWSKI", Phone);
        var (it, itTokens) = Direct("IT", "IT-DIRECT-2", "VOJCEHOVSKI", "+33612345678");
        await Messages.SubmitAsync("FR", fr, ["DE"], tokens: frTokens);
        await Messages.ProcessedAsync(await Messages.SubmitAsync("IT", it, ["ES"], tokens: itTokens));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM hits"));

        var files = string.Join('\n', new[] { "hub.db", "hub.db-wal" }
            .Select(name => Path.Combine(Hub.Directory, name))
            .Where(File.Exists)
            .Select(path => Encoding.Latin1.GetString(ReadShared(path))));

        Assert.True(files.Length > 0);
        foreach (var raw in new[] { "33612345678", "612345678", Phone, "WOJCIECHOWSKI", "VOJCEHOVSKI" })
        {
            Assert.DoesNotContain(raw, files, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tokens_OnAnEnvelopeTheHubMayRead_AreMatchingTokensInvalidAndNothingIsStored()
    {
        var (message, tokens) = Direct("FR", "FR-READ-1", "WOJCIECHOWSKI", Phone);

        var error = await Assert.ThrowsAsync<RpcException>(() => Messages.SubmitAsync("FR", message, ["IPSG"], tokens: tokens));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.MatchingTokensInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM messages"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = 'reject' AND detail = '{RejectionReason.MatchingTokensInvalid}'"));
    }

    public static TheoryData<string> Malformations =>
        ["no key id", "key id too long", "short token", "too many", "person kind", "no path", "other keys alone", "other key repeats the current"];

    [Theory]
    [MemberData(nameof(Malformations))]
    public async Task Tokens_Malformed_AreMatchingTokensInvalid(string malformation)
    {
        var (message, tokens) = Direct("FR", "FR-BAD-1", "WOJCIECHOWSKI", Phone);
        var first = tokens.Tokens[0];
        switch (malformation)
        {
            case "no key id": tokens.KeyId = string.Empty; break;
            case "key id too long": tokens.KeyId = new string('k', 65); break;
            case "short token": first.Token = ByteString.CopyFrom(new byte[31]); break;
            case "too many": tokens.Tokens.AddRange(Enumerable.Repeat(first, 1000)); break;
            case "person kind": first.Kind = MatchKind.Person; break;
            case "no path": first.Path = string.Empty; break;
        }

        var (current, others) = malformation switch
        {
            "other keys alone" => (null, [tokens]),
            "other key repeats the current" => (tokens, [tokens.Clone()]),
            _ => (tokens, Array.Empty<MatchingTokens>()),
        };
        var error = await Assert.ThrowsAsync<RpcException>(() => Messages.SubmitAsync("FR", message, ["DE"], tokens: current, otherKeys: others));

        Assert.Equal(RejectionReason.MatchingTokensInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM matching_tokens"));
    }

    [Fact]
    public async Task Tokens_UnderAKeyIdTheHubDoesNotList_AreMatchingTokensInvalid()
    {
        await using var hub = await HubServer.StartAsync(extraArgs: ["--Hub:RegistryRefresh=00:00:00", "--Hub:Intelligence:MatchingKeyIds:0=2027-1"]);
        var (message, tokens) = Direct("FR", "FR-RETIRED-1", "WOJCIECHOWSKI", Phone);

        var error = await Assert.ThrowsAsync<RpcException>(() => new IntelMessages(hub).SubmitAsync("FR", message, ["DE"], tokens: tokens));

        Assert.Equal(RejectionReason.MatchingTokensInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Contains("2026-1", RejectionTrailer.Read(error)!.Detail, StringComparison.Ordinal);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
