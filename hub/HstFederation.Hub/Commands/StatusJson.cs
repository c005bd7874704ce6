using HstFederation.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>`hst-hub status --json`: the shape docs/hub.md#status documents.</summary>
internal static class StatusJson
{
    public static object Shape(HubStatus status, ServeHolder serve, DatabaseAccess access, RevocationListStatus? crl, CredentialsStatus? credentials, DateTimeOffset now, DateTimeOffset until) => new
    {
        At = now,
        ExpiriesUntil = until,
        Serve = new { serve.Running, serve.Pid, serve.Since, Problem = serve.Running ? null : StatusText.NotServed },
        Database = access.Json(),
        RevocationList = crl?.Json(),
        Credentials = credentials?.Json(),
        PendingReviews = status.PendingReviews.Select(review => new
        {
            MessageId = MessageIds.Format(review.MessageId),
            Source = review.Source.Uri,
            review.HubSequence,
            RetainUntil = At(review.RetainUntilMs),
            AskedAt = At(review.RequestedAtMs),
            review.Delivered,
        }),
        OutstandingConfirmations = status.OutstandingConfirmations.Select(waiting => new
        {
            OrderId = MessageIds.Format(waiting.OrderId),
            waiting.Action,
            MessageId = MessageIds.Format(waiting.MessageId),
            Source = waiting.Source.Uri,
            Holder = waiting.Holder.Uri,
            QueuedSince = At(waiting.QueuedAtMs),
            waiting.HolderStatus,
        }),
        UpcomingExpiries = status.UpcomingExpiries.Select(message => new
        {
            MessageId = MessageIds.Format(message.MessageId),
            Source = message.Source.Uri,
            message.HubSequence,
            RetainUntil = At(message.RetainUntilMs),
            Due = message.RetainUntilMs <= now.ToUnixTimeMilliseconds(),
        }),
    };

    private static DateTimeOffset At(long ms) => CommandContext.FromUnixMs(ms);
}
