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
public sealed class BlindTokenTests : IAsyncLifetime
{
    private const string Phone = "+33 6 12 34 56 78";
    private static readonly MatchingKey Key = new("2026-1", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private HubServer _hub = null!;
    private IntelMessages _messages = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");
        _messages = new IntelMessages(_hub);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

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
        await _messages.SubmitAsync("FR", fr, ["DE"], tokens: frTokens);
        var last = await _messages.SubmitAsync("IT", it, ["ES"], tokens: itTokens);
        await _messages.ProcessedAsync(last);

        var atFr = Assert.Single(await HubInbox.NotificationsAsync(_hub, "FR", 1));
        var atIt = Assert.Single(await HubInbox.NotificationsAsync(_hub, "IT", 1));

        Assert.Equal(atFr.HitId, atIt.HitId);
        Assert.Equal(HitBasis.BlindTokens, atFr.Basis);
        var phone = Assert.Single(atFr.Matches);
        Assert.Equal(MatchKind.Phone, phone.Kind);
        Assert.Equal(string.Empty, phone.YourValue);
        Assert.Equal("persons[0].phones[0]", phone.YourPath);
        Assert.False(atFr.Releasable);
        Assert.False(atIt.OtherMessageReadable);
        Assert.Equal(last, Assert.Single(await HubInbox.EnvelopesAsync(_hub, "ES")).HubSequence);
        Assert.Single(await HubInbox.EnvelopesAsync(_hub, "DE"));
    }

    [Fact]
    public async Task HubFiles_AfterBlindMatching_NeverHoldTheRawIdentifiers()
    {
        var (fr, frTokens) = Direct("FR", "FR-DIRECT-2", "WOJCIECHOWSKI", Phone);
        var (it, itTokens) = Direct("IT", "IT-DIRECT-2", "VOJCEHOVSKI", "+33612345678");
        await _messages.SubmitAsync("FR", fr, ["DE"], tokens: frTokens);
        await _messages.ProcessedAsync(await _messages.SubmitAsync("IT", it, ["ES"], tokens: itTokens));
        Assert.Equal(1L, HubInbox.Count(_hub, "SELECT count(*) FROM hits"));

        var files = string.Join('\n', new[] { "hub.db", "hub.db-wal" }
            .Select(name => Path.Combine(_hub.Directory, name))
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

        var error = await Assert.ThrowsAsync<RpcException>(() => _messages.SubmitAsync("FR", message, ["IPSG"], tokens: tokens));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.MatchingTokensInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(0L, HubInbox.Count(_hub, "SELECT count(*) FROM messages"));
        Assert.Equal(1L, HubInbox.Count(_hub, $"SELECT count(*) FROM audit WHERE action = 'reject' AND detail = '{RejectionReason.MatchingTokensInvalid}'"));
    }

    public static TheoryData<string> Malformations => ["no key id", "key id too long", "short token", "too many", "person kind", "no path"];

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

        var error = await Assert.ThrowsAsync<RpcException>(() => _messages.SubmitAsync("FR", message, ["DE"], tokens: tokens));

        Assert.Equal(RejectionReason.MatchingTokensInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(0L, HubInbox.Count(_hub, "SELECT count(*) FROM matching_tokens"));
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
