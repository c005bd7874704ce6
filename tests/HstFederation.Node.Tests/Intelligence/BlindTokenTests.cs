using System.Text;
using Google.Protobuf;
using HstFederation.Entities;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// Blind matching from the node's side: direct exchanges leave with keyed tokens of their strong identifiers under the
/// federation matching key (the dev PKI's, as `./hst up` gives every node), the real hub matches two sources' tokens
/// and notifies both, the tokens are kept with the sealed envelope so a retry sends the very same, and nothing else
/// carries tokens.
/// </summary>
public sealed class BlindTokenTests : HubLinkTestBase
{
    private const string Phone = "+218 91 765 4321";
    private const string E164 = "+218917654321";

    [Fact]
    public async Task DirectExchanges_OfTwoNodes_NamingOnePhone_AreMatchedOnTokens_AndBothSourcesNotified_TheHubNeverSeesThePhone()
    {
        await using var it = TestNode.Create(Hub, "IT", matchingKeys: [Hub.Federation.MatchingKey]);
        await using var es = TestNode.Create(Hub, "ES", matchingKeys: [Hub.Federation.MatchingKey]);
        var fromIt = await EnqueueDirectAsync(it, "FR");
        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        await EnqueueDirectAsync(es, "DE");
        Assert.Equal(1, await es.Sender.RunOnceAsync(CancellationToken.None));

        it.StartSubscriber();
        es.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(it.Count("SELECT COUNT(*) FROM hits;") == 1 && es.Count("SELECT COUNT(*) FROM hits;") == 1),
            "the hub notifies both sources of the token match");

        var hit = Assert.Single((await it.Store.ListHitsAsync(null, 10)).Items);
        Assert.Equal(HitBasis.BlindTokens, hit.Notification.Basis);
        Assert.Equal(fromIt, hit.YourMessageId);
        Assert.Equal(es.Party, hit.OtherSender);
        Assert.False(hit.Notification.Releasable);
        var phone = Assert.Single(hit.Notification.Matches, m => m.Kind == MatchKind.Phone);
        Assert.Equal("persons[0].phones[0]", phone.YourPath);
        Assert.Equal(string.Empty, phone.YourValue);

        var kept = SubmitRequest.Parser.ParseFrom((await it.Store.FindByMessageIdAsync(fromIt)).Outbox!.Entry.MatchingTokens).MatchingTokens;
        Assert.Equal(DevPki.DevelopmentFederation.MatchingKeyId, kept.KeyId);
        Assert.Contains(kept.Tokens, t => t.Kind == MatchKind.Phone && t.Token.Span.SequenceEqual(MatchingTokenizer.Token(Hub.Federation.MatchingKey, MatchKind.Phone, E164)));
        foreach (var file in Directory.EnumerateFiles(Hub.DirectoryPath, "hub.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(E164)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("917654321")));
        }
    }

    [Fact]
    public async Task DuringARotation_ANodeWithTheNewKeyFirst_MatchesANodeStillOnTheOldKey()
    {
        var next = MatchingKey.Generate("dev-2");
        var recorder = new SubmitTokens();
        await using var rotated = TestNode.Create(Hub, "IT", interceptor: recorder, matchingKeys: [next, Hub.Federation.MatchingKey]);
        await using var behind = TestNode.Create(Hub, "ES", matchingKeys: [Hub.Federation.MatchingKey]);
        await EnqueueDirectAsync(behind, "DE");
        Assert.Equal(1, await behind.Sender.RunOnceAsync(CancellationToken.None));
        await EnqueueDirectAsync(rotated, "FR");
        Assert.Equal(1, await rotated.Sender.RunOnceAsync(CancellationToken.None));

        rotated.StartSubscriber();
        behind.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(rotated.Count("SELECT COUNT(*) FROM hits;") == 1 && behind.Count("SELECT COUNT(*) FROM hits;") == 1),
            "the hub matches the previous key's tokens across the rotation");

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal("dev-2", sent.MatchingTokens.KeyId);
        Assert.Equal(DevPki.DevelopmentFederation.MatchingKeyId, Assert.Single(sent.MatchingTokensOtherKeys).KeyId);
    }

    [Fact]
    public async Task Retry_AfterTheHubWasUnreachable_AndARestart_SubmitsTheSameEnvelopeWithTheSameTokens()
    {
        var recorder = new SubmitTokens { Unreachable = true };
        await using var it = TestNode.Create(Hub, "IT", interceptor: recorder, matchingKeys: [Hub.Federation.MatchingKey]);
        var queued = await EnqueueDirectAsync(it, "FR");
        Assert.Equal(0, await it.Sender.RunOnceAsync(CancellationToken.None));
        await it.RestartAsync();
        recorder.Unreachable = false;

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        var requests = recorder.Requests;
        Assert.True(requests.Count >= 2, $"{requests.Count} submit calls");
        Assert.All(requests, r => Assert.Equal(requests[0], r));
        Assert.NotNull(requests[0].MatchingTokens);
        Assert.Empty(requests[0].MatchingTokensOtherKeys);
        Assert.NotEmpty(requests[0].MatchingTokens.Tokens);
        Assert.Equal(OutboxState.Accepted, (await it.Store.FindByMessageIdAsync(queued)).Outbox!.Entry.State);
    }

    [Fact]
    public async Task TokensUnderAKeyTheHubNoLongerTakes_AreDropped_AndTheMessageGoesWithoutThem()
    {
        await using var hub = await TestHub.StartAsync(null, "--Hub:Intelligence:MatchingKeyIds:0=2026-9");
        var recorder = new SubmitTokens();
        await using var it = TestNode.Create(hub, "IT", interceptor: recorder, matchingKeys: [hub.Federation.MatchingKey]);
        var queued = await EnqueueDirectAsync(it, "FR");

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));

        var requests = recorder.Requests;
        Assert.Equal(2, requests.Count);
        Assert.NotNull(requests[0].MatchingTokens);
        Assert.Null(requests[1].MatchingTokens);
        Assert.Equal(requests[0].Envelope, requests[1].Envelope);
        var sent = (await it.Store.FindByMessageIdAsync(queued)).Outbox!.Entry;
        Assert.Equal((OutboxState.Accepted, (byte[]?)null), (sent.State, sent.MatchingTokens));
        Assert.Equal(1, it.Count("SELECT COUNT(*) FROM audit WHERE action = 'tokens-dropped' AND detail LIKE '%MatchingTokensInvalid%';"));
    }

    [Fact]
    public async Task NoTokens_ForAMessageTheHubMayRead_NorFromANodeWithoutAKey()
    {
        var withKey = new SubmitTokens();
        var withoutKey = new SubmitTokens();
        await using var it = TestNode.Create(Hub, "IT", interceptor: withKey, matchingKeys: [Hub.Federation.MatchingKey]);
        await using var es = TestNode.Create(Hub, "ES", interceptor: withoutKey);
        await EnqueueDirectAsync(it, "FR", hubMayRead: true);
        await EnqueueDirectAsync(es, "FR");

        Assert.Equal(1, await it.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await es.Sender.RunOnceAsync(CancellationToken.None));

        Assert.Null(Assert.Single(withKey.Requests).MatchingTokens);
        Assert.Null(Assert.Single(withoutKey.Requests).MatchingTokens);
    }

    [Fact]
    public void For_ADirectExchange_TokenisesItsStrongIdentifiersOnce_UnderTheCurrentKey_AndThePreviousOne()
    {
        var key = MatchingKey.Generate("2026-2");
        var message = Direct();
        message.Persons[0].Phones.Add("00218917654321");

        var previous = MatchingKey.Generate("2026-1");

        var tokens = new BlindTokens([key, previous], PartyId.Member("IT")).For(message)!;

        Assert.Equal("2026-2", tokens.MatchingTokens.KeyId);
        Assert.Single(tokens.MatchingTokens.Tokens, t => t.Kind == MatchKind.Phone);
        var other = Assert.Single(tokens.MatchingTokensOtherKeys);
        Assert.Equal("2026-1", other.KeyId);
        Assert.Equal(MatchingTokenizer.Token(previous, MatchKind.Phone, E164), Assert.Single(other.Tokens, t => t.Kind == MatchKind.Phone).Token.ToByteArray());
        Assert.True(tokens.Envelope.IsEmpty);
        Assert.Null(new BlindTokens([], PartyId.Member("IT")).For(message));
    }

    private static HstMessage Direct(bool hubMayRead = false)
    {
        var message = SampleMessages.Minimal(DateTimeOffset.UtcNow);
        message.Handling.HubMayRead = hubMayRead;
        message.Persons.Add(new Person
        {
            Role = PersonRole.Organiser,
            Name = new PersonName { FamilyNameLatin = "WOJCIECHOWSKI", GivenNamesLatin = "Piotr" },
            Phones = { Phone },
        });
        return message;
    }

    private static async Task<byte[]> EnqueueDirectAsync(TestNode node, string to, bool hubMayRead = false)
    {
        var message = Direct(hubMayRead);
        message.Handling.Addressees = new Addressees { Members = { to } };
        var id = MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        await node.Store.EnqueueAsync(new OutboxItem(id, "operator:test", message.ToByteArray(), [PartyId.Member(to).Uri]));
        return id;
    }
}
