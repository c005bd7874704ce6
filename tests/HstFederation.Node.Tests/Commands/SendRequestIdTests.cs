using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Commands;

/// <summary>`send --request-id`: re-running the same send queues nothing more; the same key for another send is refused.</summary>
public sealed class SendRequestIdTests : CommandLineTestBase
{
    [Fact]
    public async Task Send_RepeatedWithTheSameRequestId_PrintsTheFirstMessage_AnotherSendUnderItIsRefused()
    {
        var file = await WriteMessageAsync(SampleMessages.Realistic(DateTimeOffset.UtcNow));

        var first = await RunAsync(Fr, "send", "--file", file, "--to", "DE", "--request-id", "op-2026-0412", "--json");
        var again = await RunAsync(Fr, "send", "--file", file, "--to", "DE", "--request-id", "op-2026-0412");
        var other = await RunAsync(Fr, "send", "--file", file, "--to", "DE,IT", "--request-id", "op-2026-0412");
        var badKey = await RunAsync(Fr, "send", "--file", file, "--to", "DE", "--request-id", new string('k', 129));

        Assert.True(first.ExitCode == NodeCommandLine.Success, first.ToString());
        var json = JsonDocument.Parse(first.Out).RootElement;
        Assert.False(json.GetProperty("repeated").GetBoolean());
        var id = json.GetProperty("messageId").GetString()!;
        Assert.True(again.ExitCode == NodeCommandLine.Success, again.ToString());
        Assert.StartsWith($"Already queued {id} (outbox #1, sequence 1)", again.Out, StringComparison.Ordinal);
        Assert.Contains("A repeat of request id op-2026-0412: nothing queued now.", again.Out, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.Failure, other.ExitCode);
        Assert.Contains("request id 'op-2026-0412' was already used for a different request", other.Error, StringComparison.Ordinal);
        Assert.Equal(NodeCommandLine.BadArguments, badKey.ExitCode);
        Assert.Contains("--request-id", badKey.Error, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM outbox;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'enqueue-repeat';"));
    }
}
