using Google.Protobuf;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Services;

/// <summary>THREATS row 30: a subscriber that stops reading holds back no one else.</summary>
public sealed class SlowSubscriberTests : IAsyncLifetime
{
    private const int Messages = 150;
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Subscribe_OneSubscriberNeverReads_AnotherStillReceivesEverythingInOrder()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stalled = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        using var reader = _hub.Client("IT").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        var padding = new string('x', 60_000);
        // One connection, as a node has (a client per call would be a connection per call, beyond Hub:MaxConnectionsPerMember).
        var fr = _hub.Client("FR");
        for (ulong sequence = 1; sequence <= Messages; sequence++)
        {
            var envelope = Envelopes.Seal(_hub, "FR", ["DE", "IT"], sequence, m => m.Case.Summary = padding);
            await fr.SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) }, cancellationToken: cancel.Token);
        }

        ulong previous = 0;
        for (var received = 0; received < Messages; received++)
        {
            Assert.True(await reader.ResponseStream.MoveNext(cancel.Token));
            Assert.True(reader.ResponseStream.Current.Cursor > previous);
            previous = reader.ResponseStream.Current.Cursor;
        }

        // The stalled subscriber still gets everything once it reads.
        for (var received = 0; received < Messages; received++)
        {
            Assert.True(await stalled.ResponseStream.MoveNext(cancel.Token));
        }
    }
}
