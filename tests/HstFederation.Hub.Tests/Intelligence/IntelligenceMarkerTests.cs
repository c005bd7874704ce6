using HstFederation.Hub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>
/// Messages the hub may not read leave nothing for the worker to keep, so it writes nothing for them batch by batch;
/// its stored marker must still catch up once it has nothing more to do, and a message that does leave something
/// (entities) is committed with the marker as before.
/// </summary>
public sealed class IntelligenceMarkerTests : IntelligenceHubTests
{
    [Fact]
    public async Task MessagesTheHubMayNotRead_TheStoredMarkerCatchesUpWhenTheWorkerWaits_AndAReadableMessageCommitsItsEntities()
    {
        long last = 0;
        for (var n = 1; n <= 5; n++)
        {
            last = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson($"FR-{n}", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678"), ["DE"]);
        }

        await Messages.ProcessedAsync(last);
        await StoredMarkerReachesAsync(last);
        Assert.Equal(0L, EntityRows());

        var readable = await Messages.SubmitAsync("IT", IntelMessages.AboutPerson("IT-1", "PETROV", "Aleksandr", "+39 333 123 4567"), ["IPSG", "DE"]);
        await Messages.ProcessedAsync(readable);

        Assert.Equal(readable, Store.ReadProcessedThrough());
        Assert.Equal(1L, EntityRows());
    }

    private HubStore Store => Hub.Services.GetRequiredService<HubStore>();

    private long EntityRows()
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar("SELECT COUNT(*) FROM message_entities;")!;
    }

    /// <summary>The worker stores its marker just before it waits, after its in-memory marker moved on: poll, with a deadline.</summary>
    private async Task StoredMarkerReachesAsync(long hubSequence)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (Store.ReadProcessedThrough() < hubSequence)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
