using Grpc.Core;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>Hub-link log events: ids, states and reasons only, never message content.</summary>
internal static partial class HubLinkLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "The hub's member directory did not verify ({Reason}); keeping the previous one")]
    public static partial void DirectoryInvalid(ILogger logger, RejectionReason reason);

    [LoggerMessage(EventId = 4083, Level = LogLevel.Warning, Message = "The hub's member directory serial {Serial} is malformed ({Problem}); keeping the previous one")]
    public static partial void DirectoryMalformed(ILogger logger, ulong serial, string problem);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "The hub sent directory serial {Serial}, older than the held {Held}; ignored")]
    public static partial void DirectoryRollback(ILogger logger, ulong serial, ulong held);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Member directory refresh failed; using serial {Serial} until it expires")]
    public static partial void DirectoryStale(ILogger logger, ulong serial);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Outbox message {LocalId} accepted by the hub at hub sequence {HubSequence}")]
    public static partial void Accepted(ILogger logger, long localId, ulong hubSequence);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Outbox message {LocalId} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, long localId, string reason);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Submitting outbox message {LocalId} failed ({Status}, reason {Reason}); retrying")]
    public static partial void SubmitRetry(ILogger logger, long localId, Grpc.Core.StatusCode status, string reason);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning,
        Message = "Outbox pass failed ({Reason}), failing since {Since:u}: queued messages wait and are tried again, the passes spaced out up to Node:MaxRetryDelay while it fails; said again in 15 minutes if it still fails, or when the failure changes")]
    public static partial void SendPassFailed(ILogger logger, string reason, DateTimeOffset since);

    [LoggerMessage(EventId = 4078, Level = LogLevel.Debug, Message = "Outbox pass failed again")]
    public static partial void SendPassFailedAgain(ILogger logger, Exception error);

    [LoggerMessage(EventId = 4079, Level = LogLevel.Information, Message = "Outbox passes succeed again, after {Duration} of failures")]
    public static partial void SendPassRecovered(ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Stored delivery at cursor {Cursor} (new: {IsNew})")]
    public static partial void Stored(ILogger logger, ulong cursor, bool isNew);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Quarantined delivery at cursor {Cursor}: {Reason}")]
    public static partial void Quarantined(ILogger logger, ulong cursor, string reason);

    [LoggerMessage(EventId = 4077, Level = LogLevel.Information,
        Message = "Delivery at cursor {Cursor} repeats quarantined item {QuarantineId} ({Reason}): the same bytes again, kept once")]
    public static partial void QuarantinedAgain(ILogger logger, ulong cursor, string reason, long quarantineId);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "The hub subscription dropped; resuming from cursor {Cursor}")]
    public static partial void SubscriptionDropped(ILogger logger, long cursor, Exception error);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Information, Message = "Recorded a delivery receipt from {Recipient} (new: {IsNew})")]
    public static partial void ReceiptRecorded(ILogger logger, string recipient, bool isNew);

    [LoggerMessage(EventId = 4024, Level = LogLevel.Error, Message = "The node store cannot commit; resuming the subscription from cursor {Cursor} later")]
    public static partial void StoreUnavailable(ILogger logger, long cursor, Exception error);

    [LoggerMessage(EventId = 4025, Level = LogLevel.Critical,
        Message = "HUB BEHIND THIS NODE: the hub refused to stream after cursor {Cursor}, beyond every cursor it assigned: its database was put back from a backup without 'hst-hub restore', so what it accepted after that backup is not there, and new deliveries would be skipped. Nothing arrives until the General Secretariat runs 'hst-hub restore'; tell it. Do not reset this node's cursor (it would skip or repeat deliveries). Retrying. Hub: {Detail}")]
    public static partial void HubBehindCursor(ILogger logger, long cursor, string detail);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Outbox message {LocalId} was sealed too long ago for the hub; sealing it again")]
    public static partial void Resealing(ILogger logger, long localId);

    [LoggerMessage(EventId = 4076, Level = LogLevel.Warning,
        Message = "RENUMBERED: the hub already held sequence {Sequence} from this NCB (its highest: {HubHighest}) under another message than outbox message {LocalId}: this node was probably restored from a backup (else another node runs with this NCB's credentials: rule that out). {Count} queued message(s) numbered again above the hub's, outbox message {LocalId} now {NewSequence}; sending it again")]
    public static partial void Renumbered(ILogger logger, long localId, long sequence, long newSequence, ulong hubHighest, int count);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Critical,
        Message = "CLOCK SKEW: this node's clock is {Skew} from the hub's, beyond the federation's tolerance of {Tolerance}; the hub refuses what it seals (CreatedInFuture) or others' messages are quarantined. Fix this server's time (NTP)")]
    public static partial void ClockSkewed(ILogger logger, string skew, TimeSpan tolerance);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Critical,
        Message = "CLOCK: the hub refused outbox message {LocalId} as {Reason}: its creation time is outside what the hub accepts; this node's clock is probably wrong (hst-node status shows the skew). Fix this server's time (NTP) and send the message again")]
    public static partial void RefusedForTime(ILogger logger, long localId, string reason);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Critical,
        Message = "REVOKED: this NCB's signing certificate {Serial} is on the federation CRL; outbox message {LocalId} is refused here (SenderCertificateRevoked), nothing is sent")]
    public static partial void OwnKeyRevoked(ILogger logger, long localId, string serial);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning,
        Message = "TRUST DATA STALE: {Detail}. The delivery at cursor {Cursor} stays at the hub (not quarantined, not acknowledged) and the subscription resumes after a backoff; install a fresh CRL at Node:RevocationListPath (re-read every Node:DirectoryRefresh)")]
    public static partial void DeliveryDeferredTrustStale(ILogger logger, ulong cursor, string detail);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Warning,
        Message = "TRUST DATA STALE: {Detail}. Outbox message {LocalId} stays queued and is sent once a fresh CRL is installed at Node:RevocationListPath (re-read every Node:DirectoryRefresh)")]
    public static partial void SendDeferredTrustStale(ILogger logger, long localId, string detail);

    [LoggerMessage(EventId = 4060, Level = LogLevel.Information, Message = "Lifecycle order at cursor {Cursor} applied: {Outcome}")]
    public static partial void OrderApplied(ILogger logger, ulong cursor, string outcome);

    [LoggerMessage(EventId = 4061, Level = LogLevel.Information, Message = "Lifecycle order {OrderId} accepted by the hub for {Holders} holders")]
    public static partial void OrderAccepted(ILogger logger, string orderId, int holders);

    [LoggerMessage(EventId = 4062, Level = LogLevel.Warning, Message = "Lifecycle order {OrderId} refused by the hub: {Reason}")]
    public static partial void OrderRefused(ILogger logger, string orderId, string reason);

    [LoggerMessage(EventId = 4063, Level = LogLevel.Information, Message = "Retention sweep purged {Count} expired copies")]
    public static partial void RetentionSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 4064, Level = LogLevel.Warning, Message = "Sending lifecycle order {OrderId} failed ({Status}, reason {Reason}); retrying")]
    public static partial void OrderRetry(ILogger logger, string orderId, Grpc.Core.StatusCode status, string reason);

    [LoggerMessage(EventId = 4065, Level = LogLevel.Warning,
        Message = "Order outbox pass failed ({Reason}), failing since {Since:u}: queued orders wait and are tried again, the passes spaced out up to Node:MaxRetryDelay while it fails; said again in 15 minutes if it still fails, or when the failure changes")]
    public static partial void OrderPassFailed(ILogger logger, string reason, DateTimeOffset since);

    [LoggerMessage(EventId = 4080, Level = LogLevel.Debug, Message = "Order outbox pass failed again")]
    public static partial void OrderPassFailedAgain(ILogger logger, Exception error);

    [LoggerMessage(EventId = 4081, Level = LogLevel.Information, Message = "Order outbox passes succeed again, after {Duration} of failures")]
    public static partial void OrderPassRecovered(ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 4066, Level = LogLevel.Information, Message = "Stored retention review at cursor {Cursor} (new: {IsNew})")]
    public static partial void ReviewStored(ILogger logger, ulong cursor, bool isNew);

    [LoggerMessage(EventId = 4067, Level = LogLevel.Information, Message = "Stored expiry report at cursor {Cursor} (new: {IsNew}): {Undelivered} recipient(s) never acknowledged")]
    public static partial void ExpiryReportStored(ILogger logger, ulong cursor, bool isNew, int undelivered);

    [LoggerMessage(EventId = 4068, Level = LogLevel.Information, Message = "Stored the hub's withdrawal at cursor {Cursor} (new: {IsNew}): {Withdrawn} message(s) withdrawn")]
    public static partial void WithdrawalStored(ILogger logger, ulong cursor, bool isNew, int withdrawn);

    [LoggerMessage(EventId = 4069, Level = LogLevel.Information, Message = "Outbox message {LocalId} was cancelled or purged before its local refusal ({Reason}) was recorded; going on")]
    public static partial void StoppedBeforeRefusal(ILogger logger, long localId, string reason);

    [LoggerMessage(EventId = 4070, Level = LogLevel.Information, Message = "Recorded the hub's audit head: {Entries} entries")]
    public static partial void AuditHeadRecorded(ILogger logger, long entries);

    [LoggerMessage(EventId = 4071, Level = LogLevel.Critical, Message = "HUB AUDIT CHAIN WENT BACK: the hub now signs {Entries}:{Head} as the head of its audit chain, after {Earlier} recorded before; entries of the hub's history were lost or rewritten (a restore from a backup, or tampering). Both heads are in this node's audit log (hub-audit-head); tell the General Secretariat")]
    public static partial void AuditHeadWentBack(ILogger logger, long entries, string head, string earlier);

    [LoggerMessage(EventId = 4072, Level = LogLevel.Warning, Message = "The hub's audit head did not verify ({Reason}); not recorded")]
    public static partial void AuditHeadInvalid(ILogger logger, string reason);

    [LoggerMessage(EventId = 4073, Level = LogLevel.Debug, Message = "The hub's audit head could not be fetched ({Status}); asking again at the next refresh")]
    public static partial void AuditHeadUnavailable(ILogger logger, StatusCode status);

    [LoggerMessage(EventId = 4074, Level = LogLevel.Information, Message = "The hub does not serve audit heads (an older release); none is recorded until it does")]
    public static partial void AuditHeadsNotServed(ILogger logger);

    [LoggerMessage(EventId = 4075, Level = LogLevel.Warning, Message = "The hub's audit head could not be recorded (the store is unavailable); asking again at the next refresh")]
    public static partial void AuditHeadNotRecorded(ILogger logger, Exception error);

    [LoggerMessage(EventId = 4082, Level = LogLevel.Warning,
        Message = "The hub link's state for 'hst-node status' could not be written to {Path}: {Reason}; the link goes on, status shows the last state written")]
    public static partial void LinkStateNotWritten(ILogger logger, string path, string reason);
}
