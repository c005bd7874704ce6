using HstFederation.Demo.Federation;
using HstFederation.Demo.Federation.Cli;

namespace HstFederation.Demo.Run;

/// <summary>
/// Follows a message in its sender's outbox (<c>hst-node outbox</c>) until the hub accepted or refused it and every
/// addressee's signed delivery receipt is back, or the deadline passes; then reads the timings with <c>hst-node show</c>.
/// </summary>
internal sealed class OutboxTracker(TimeProvider time, TimeSpan deadline, DateTimeOffset since)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    public async Task FollowAsync(PartyCli sender, SentMessage message, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var outbox = await sender.RunAsync<OutboxOutput>(["outbox", "--since", since.ToString("O"), "--limit", "1000"], cancellationToken);
            var item = outbox.Messages.FirstOrDefault(m => m.MessageId == message.MessageId);
            var done = item is not null && (item.State == "rejected" || (item.State == "accepted" && message.To.All(item.DeliveredTo.Contains)));
            if (done || time.GetElapsedTime(started) >= deadline)
            {
                break;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        var show = await sender.RunAsync<ShowOutput>(["show", message.MessageId!], cancellationToken);
        var sent = show.Outbox ?? throw new PartyCallException($"hst-node show on {sender.Member} has no outbox entry for {message.MessageId}");
        message.QueuedAt = sent.QueuedAt;
        message.State = sent.State;
        message.HubSequence = sent.HubSequence;
        message.RejectReason = sent.RejectReason is null ? null : $"{sent.RejectReason}: {sent.RejectDetail}";
        message.AcceptedMs = sent.State == "accepted" ? message.MsAfterQueued(sent.StateAt) : null;
        foreach (var addressee in sent.Addressees)
        {
            if (addressee.DeliveredAt is { } at)
            {
                message.ReceiptMs[addressee.Party] = message.MsAfterQueued(at);
            }
        }
    }
}
