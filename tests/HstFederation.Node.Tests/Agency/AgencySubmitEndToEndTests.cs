using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>An agency's submission leaves through the node's real hub link and reaches the addressee's node.</summary>
public sealed class AgencySubmitEndToEndTests : AgencyTestBase
{
    [Fact]
    public async Task Submit_IsDurableBeforeTheId_ThenAcceptedByTheHub_AndStoredByDe()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        await using var de = TestNode.Create(Hub, "DE");
        de.StartSubscriber();
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);

        var submitted = await client.SubmitAsync(new AgencySubmitRequest { Message = message, Members = { "DE" }, Handling = HandlingCode.H1, HubMayRead = false });

        var id = Guid.Parse(submitted.MessageId).ToByteArray(bigEndian: true);
        var queued = await Node.OutboxAsync(id);
        Assert.NotNull(queued);
        Assert.Equal(agency.Actor, queued.Actor);
        await Eventually.TrueAsync(async () => await de.Store.GetReceivedAsync(Node.Party, id) is not null, "DE stores the agency's message");
        var received = HstMessage.Parser.ParseFrom((await de.Store.GetReceivedAsync(Node.Party, id))!.Message.Plaintext);
        Assert.Equal(message.Case, received.Case);
        Assert.Equal(message.Persons, received.Persons);
        await Eventually.TrueAsync(
            async () => (await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId })).Summary.State == OutboxMessageState.Accepted,
            "the agency sees its message accepted by the hub");
        Assert.Equal(OutboxState.Accepted, (await Node.OutboxAsync(id))!.State);
    }
}
