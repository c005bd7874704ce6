using Google.Protobuf;
using HstFederation.Demo.Federation.Cli;
using HstFederation.Protocol.V1;

namespace HstFederation.Demo.Run;

/// <summary>Sending through the node CLI and following any message from submitted to its receipts.</summary>
internal sealed partial class DemoRunner
{
    /// <summary><c>hst-node send --file -</c> on the sender's node, with the message as protobuf JSON on stdin.</summary>
    private async Task SendWithCliAsync(SentMessage message, HstMessage content, string handling, CancellationToken cancellationToken)
    {
        List<string> arguments = ["send", "--file", "-", "--to", string.Join(',', message.To), "--handling", handling];
        if (message.HubMayRead)
        {
            arguments.Add("--hub-may-read");
        }

        var sent = await AttemptAsync($"{message.Name}-accepted", token =>
            Node(message.From).RunAsync<SendOutput>(arguments, token, JsonFormatter.Default.Format(content)), cancellationToken);
        message.MessageId = sent.MessageId;
        message.State = "queued";
        _report.Line($"submitted  {sent.MessageId} (outbox #{sent.LocalId} of {message.From}, durable before the id was printed)");
    }

    /// <summary>Waits for the hub's acceptance and every receipt, reads where it was stored, and checks both.</summary>
    private async Task FollowAsync(SentMessage message, CancellationToken cancellationToken)
    {
        await AttemptAsync($"{message.Name}-accepted", async token =>
        {
            await _tracker.FollowAsync(Node(message.From), message, token);
            await InboxCensus.TakeAsync(message.To.Select(Node), [message], _since, token);
            return true;
        }, cancellationToken);

        if (message.AcceptedMs is { } accepted)
        {
            _report.Line($"accepted   by the hub {Ms(accepted)}, hub sequence {message.HubSequence} ({message.From} keeps the hub's signed acceptance receipt)");
        }

        if (message.StoredMs.Count > 0)
        {
            _report.Line($"delivered  to {string.Join(", ", message.StoredMs.Select(s => $"{s.Key} {Ms(s.Value)}"))} (verified, decrypted and stored by each node)");
        }

        if (message.ReceiptMs.Count > 0)
        {
            _report.Line($"receipts   signed delivery receipts from {string.Join(", ", message.ReceiptMs.Select(r => $"{r.Key} {Ms(r.Value)}"))}, held by {message.From}");
        }

        _report.Require(
            $"{message.Name}-accepted",
            message.State == "accepted",
            message.State switch
            {
                "accepted" => $"the hub accepted {message.MessageId} with a signed receipt (hub sequence {message.HubSequence})",
                "rejected" => $"refused: {message.RejectReason}",
                _ => $"still {message.State} after {_deadline.TotalSeconds:0} s (is the hub up? read its log {_federation.Hub.Log})",
            });
        var missing = message.To.Where(a => !message.ReceiptMs.ContainsKey(a)).ToList();
        _report.Require(
            $"{message.Name}-receipts",
            missing.Count == 0,
            missing.Count == 0
                ? $"{message.From} holds signed delivery receipts from {string.Join(", ", message.To)}"
                : $"after {_deadline.TotalSeconds:0} s {message.From} holds no signed delivery receipt from {string.Join(", ", missing)}");
    }
}
