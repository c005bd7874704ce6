using System.Globalization;
using Google.Protobuf;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// At open, once after <see cref="Migration0023"/>: every hit notification, product, retention review and expiry report
/// the hub sent and this node stored is looked at again for what today's <see cref="HubContentCheck"/> refuses and the
/// node's checks of before let through (a time no date holds, a matched entity's score that is NaN). One that holds such a
/// value is moved to quarantine as a fresh arrival would be (its envelope, <c>ContentInvalid</c> and the check's problem,
/// audited), and its inbox row and typed rows go: what no date holds then breaks no listing. A hit or a
/// product goes with every copy of it (a repeated notification), since they share the typed row. A copy whose content a
/// purge emptied is judged by the times its typed rows kept. One transaction; the marker row goes with it.
/// </summary>
internal static class HubContentRecheck
{
    private static readonly string[] Types =
        [HubContent.HitNotificationType, HubContent.AnalyticalProductType, ProtocolVersions.RetentionReviewContentType, ProtocolVersions.ExpiryReportContentType];

    /// <summary>How many inbox rows were moved to quarantine; 0 (and nothing written) when the check is not pending.</summary>
    public static int Run(SqliteConnection connection, long nowMs)
    {
        if ((long)connection.Scalar("SELECT count(*) FROM hub_content_recheck;")! == 0)
        {
            return 0;
        }

        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            // Again under the lock: another command opening the file at the same time may have run it meanwhile.
            if ((long)connection.Scalar("SELECT count(*) FROM hub_content_recheck;")! == 0)
            {
                connection.Execute("COMMIT;");
                return 0;
            }

            var context = new WriteContext(connection, nowMs);
            var moved = new HashSet<long>();
            foreach (var (localId, type, reason, detail) in Failing(connection))
            {
                if (!moved.Contains(localId))
                {
                    HubContentRemoval.Move(context, localId, type, reason, detail, moved);
                }
            }

            connection.Execute("DELETE FROM hub_content_recheck;");
            connection.Execute("COMMIT;");
            return moved.Count;
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    private static List<(long LocalId, string Type, string Reason, string Detail)> Failing(SqliteConnection connection)
    {
        var failing = new List<(long, string, string, string)>();
        var emptied = new List<(long, string)>();
        using (var command = connection.Command(
            $"SELECT local_id, content_type, plaintext FROM inbox WHERE content_type IN ({string.Join(", ", Types.Select((_, i) => "$t" + i))}) ORDER BY local_id;",
            [.. Types.Select((type, i) => ("$t" + i, (object?)type))]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var (localId, type, plaintext) = (reader.GetInt64(0), reader.GetString(1), (byte[])reader[2]);
                if (plaintext.Length == 0)
                {
                    emptied.Add((localId, type));
                }
                else if (ContentProblem(type, plaintext) is { } problem)
                {
                    failing.Add((localId, type, problem.Reason, problem.Detail));
                }
            }
        }

        foreach (var (localId, type) in emptied)
        {
            if (HubContentRemoval.StoredTimes(connection, localId, type).Any(ms => !UnixTime.IsValid(ms)))
            {
                failing.Add((localId, type, nameof(RejectionReason.ContentInvalid),
                    $"{HubContentRemoval.What(type)}: a time it carried is not a time (its content was purged; its stored times were checked)"));
            }
        }

        return failing;
    }

    /// <summary>
    /// What the subscriber would quarantine this content for, when it holds a value the node let through before it
    /// range-checked the hub's content; null when it holds none (it passed the checks of its day, which still hold), and for
    /// content that no longer parses or fails an older check: the open-time catch-ups leave those as stored and audit them
    /// as unrecorded (<see cref="PurgedHits.CatchUp"/>, <see cref="PurgedProducts.CatchUp"/>), which this does not change.
    /// </summary>
    private static (string Reason, string Detail)? ContentProblem(string type, byte[] plaintext)
    {
        string? detail;
        try
        {
            detail = type switch
            {
                HubContent.HitNotificationType when HitNotification.Parser.ParseFrom(plaintext) is var hit && Unchecked(hit) => HitProblem(hit),
                HubContent.AnalyticalProductType when AnalyticalProduct.Parser.ParseFrom(plaintext) is var product
                    && !AllTimes(product.ProducedAtMs, product.PeriodStartMs, product.PeriodEndMs) => ProductProblem(product),
                ProtocolVersions.RetentionReviewContentType when RetentionReview.Parser.ParseFrom(plaintext) is var review
                    && !AllTimes(review.RetainUntilMs, review.RequestedAtMs) => HubContentCheck.Review(review),
                ProtocolVersions.ExpiryReportContentType when ExpiryReport.Parser.ParseFrom(plaintext) is var report && Unchecked(report) =>
                    HubContentCheck.ExpiryReport(report),
                _ => null,
            };
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        return detail is null ? null : (nameof(RejectionReason.ContentInvalid), detail);
    }

    // What HubContentCheck refuses since the range checks (times beyond DateTimeOffset's range; a matched entity's score or a
    // factor's contribution outside what the matcher gives, NaN among them); the checks before refused only times <= 0.
    private static bool Unchecked(HitNotification hit) =>
        !UnixTime.IsValid(hit.DetectedAtMs)
        || hit.Matches.Any(m => !HubContentCheck.IsScore(m.Score) || m.Factors.Any(f => !HubContentCheck.IsContribution(f.Contribution)));

    private static bool Unchecked(ExpiryReport report) =>
        !AllTimes(report.RetainUntilMs, report.ExpiredAtMs)
        || report.Undelivered.Any(c => !UnixTime.IsValid(c.QueuedAtMs) || (c.FirstStreamedAtMs != 0 && !UnixTime.IsValid(c.FirstStreamedAtMs)));

    private static bool AllTimes(params ReadOnlySpan<long> times)
    {
        foreach (var time in times)
        {
            if (!UnixTime.IsValid(time))
            {
                return false;
            }
        }

        return true;
    }

    // This node is the one its stored notification names as your_message's sender and its product's recipient: the
    // subscriber checked that on arrival against its own party, which the database does not hold.
    private static string? HitProblem(HitNotification hit) =>
        PartyId.TryParse(hit.YourMessage?.Sender, out var me) ? HubContentCheck.Hit(hit, me).Problem : "hit notification: your_message or other_message is missing";

    private static string? ProductProblem(AnalyticalProduct product) =>
        PartyId.TryParse(product.Recipient, out var me) ? HubContentCheck.Product(product, me).Problem : "analytical product: its recipient is not a party";

    /// <summary>Invariant text of a local id, for audit details.</summary>
    internal static string Id(long localId) => localId.ToString(CultureInfo.InvariantCulture);
}
