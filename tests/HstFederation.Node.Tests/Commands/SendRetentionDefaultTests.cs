using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Commands;

/// <summary>Every message carries a retention date (docs/lifecycle.md §5): five years by default, shorter if the source sets it.</summary>
public sealed class SendRetentionDefaultTests : CommandLineTestBase
{
    [Fact]
    public async Task Send_WithoutARetentionDate_IsSealedWithFiveYears_AndAShorterDateTheSourceSetIsKept()
    {
        var before = DateTimeOffset.UtcNow;
        var open = SampleMessages.Realistic(before);
        open.Handling.RetainUntil = null;
        var shorter = SampleMessages.Realistic(before);
        var oneYear = before.AddYears(1);
        shorter.Handling.RetainUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(oneYear);

        var defaulted = await SendAsync(open);
        var kept = await SendAsync(shorter);
        var after = DateTimeOffset.UtcNow;

        // The outbox row knows its date from the start (for `status` and the sweep), before it is sealed.
        Assert.Equal(oneYear.ToUnixTimeMilliseconds(), StoredRetainUntilMs(kept));
        Assert.InRange(
            DateTimeOffset.FromUnixTimeMilliseconds(StoredRetainUntilMs(defaulted)!.Value),
            before.AddMilliseconds(-1) + LifecycleRules.DefaultRetention,
            after + LifecycleRules.DefaultRetention);
        Assert.Equal(2, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var defaultedUntil = RetainUntil(SealedHeader(defaulted));
        Assert.InRange(defaultedUntil, before + LifecycleRules.DefaultRetention, after + LifecycleRules.DefaultRetention);
        Assert.Equal(oneYear.ToUnixTimeMilliseconds(), RetainUntil(SealedHeader(kept)).ToUnixTimeMilliseconds());
    }

    private async Task<byte[]> SendAsync(HstMessage message)
    {
        var send = await RunAsync(Fr, "send", "--file", await WriteMessageAsync(message), "--to", "DE", "--json");
        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        Assert.True(MessageIds.TryParse(JsonDocument.Parse(send.Out).RootElement.GetProperty("messageId").GetString(), out var id));
        return id;
    }

    private long? StoredRetainUntilMs(byte[] messageId)
    {
        using var connection = Fr.Store.Database.OpenReadConnection();
        return connection.Scalar("SELECT retain_until_ms FROM outbox WHERE message_id = $id;", ("$id", messageId)) as long?;
    }

    /// <summary>The signed header of the envelope FR's outbox kept for the message (sealed by the sender pass).</summary>
    private EnvelopeHeader SealedHeader(byte[] messageId)
    {
        using var connection = Fr.Store.Database.OpenReadConnection();
        var envelope = (byte[])connection.Scalar("SELECT envelope FROM outbox WHERE message_id = $id;", ("$id", messageId))!;
        return EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(envelope).Header);
    }

    private static DateTimeOffset RetainUntil(EnvelopeHeader header) => header.Handling.RetainUntil.ToDateTimeOffset();
}
