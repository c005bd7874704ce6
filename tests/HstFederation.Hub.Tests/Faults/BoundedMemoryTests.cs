using Google.Protobuf;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Hub.Tests.Faults;

/// <summary>
/// THREATS row 30 with the hub as a separate process under a hard 64 MiB GC heap limit: ~100 MB of envelopes
/// addressed to a subscriber that has stopped reading must wait on disk, not in memory. A hub that queued
/// them in memory would die of OutOfMemory; this one keeps serving and delivers everything afterwards.
/// </summary>
public sealed class BoundedMemoryTests
{
    private const int Messages = 1600;
    private const int Submitters = 8;

    [Fact]
    [Trait("Category", "Fault")]
    public async Task Subscribe_StalledSubscriberUnderAHardHeapLimit_HubKeepsServingAndDeliversEverythingLater()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var hub = await HubProcess.CreateAsync(["FR", "DE"], "--Hub:SubmitRatePerSecond=100000", "--Hub:SubmitBurst=100000");
        hub.EnvironmentVariables["DOTNET_GCHeapHardLimit"] = "0x4000000";
        hub.EnvironmentVariables["DOTNET_gcServer"] = "0";
        var running = await hub.StartAsync(cancel.Token);
        using var stalled = running.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);

        var envelopes = Seal(hub);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < envelopes.Count)
            {
                await running.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelopes[i]) }, cancellationToken: cancel.Token);
            }
        }));

        Assert.NotNull(await running.Client("FR").GetDirectoryAsync(new GetDirectoryRequest(), cancellationToken: cancel.Token));
        for (var received = 0; received < Messages; received++)
        {
            Assert.True(await stalled.ResponseStream.MoveNext(cancel.Token), $"stream ended after {received}; hub output: {hub.OutputTail}");
        }
    }

    private static List<byte[]> Seal(HubProcess hub)
    {
        var time = TimeProvider.System;
        var sealer = new EnvelopeSealer(time, HandlingPolicy.WithoutRegions);
        var message = SampleMessages.Realistic(time.GetUtcNow());
        message.Case.Summary = new string('x', 60_000);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        var from = hub.Credentials("FR");
        var to = new[] { hub.Credentials("DE").Encryption };
        return Enumerable.Range(1, Messages)
            .Select(i => sealer.Seal(message, from, to, new SealOptions { Sequence = (ulong)i }).Bytes.ToArray())
            .ToList();
    }
}
