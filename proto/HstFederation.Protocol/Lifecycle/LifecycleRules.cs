using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Lifecycle;

/// <summary>
/// The rules of the source's control over a message after sending (docs/lifecycle.md), shared by the hub, which
/// enforces them, and the nodes, which apply them to their own copies: what a restriction may change, who may still
/// hold a copy afterwards, and the shapes of lineages and orders.
/// </summary>
public static class LifecycleRules
{
    public const int MaxNoteLength = 500;
    public const int MaxJustificationLength = 1000;

    /// <summary>Five years after creation unless the source sets a shorter date (ARCHITECTURE §4).</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>The hub asks the source to review this long before the retention date.</summary>
    public static readonly TimeSpan ReviewLeadTime = TimeSpan.FromDays(182);

    /// <summary>H0 &lt; H1 &lt; H2 &lt; H3; 0 for an unspecified or unknown code.</summary>
    public static int Strictness(HandlingCode code) => code switch
    {
        HandlingCode.H0 => 1,
        HandlingCode.H1 => 2,
        HandlingCode.H2 => 3,
        HandlingCode.H3 => 4,
        _ => 0,
    };

    /// <summary>Whether <paramref name="proposed"/> is at least as strict as <paramref name="current"/>.</summary>
    public static bool IsAtLeastAsStrict(HandlingCode current, HandlingCode proposed) =>
        Strictness(proposed) >= Strictness(current) && Strictness(proposed) > 0;

    /// <summary>
    /// The handling in force after <paramref name="restriction"/>: the stricter code, the excluded members added. The
    /// caller has checked the restriction (<see cref="LifecycleOrders.CheckShape"/>, <see cref="IsAtLeastAsStrict"/>).
    /// </summary>
    public static Handling Apply(Handling current, RestrictionOrder restriction)
    {
        var next = current.Clone();
        if (restriction.Code != HandlingCode.Unspecified)
        {
            next.Code = restriction.Code;
        }

        next.Addressees ??= new Addressees();
        foreach (var code in restriction.ExcludeMembers)
        {
            if (!next.Addressees.ExcludedMembers.Contains(code))
            {
                next.Addressees.ExcludedMembers.Add(code);
            }
        }

        return next;
    }

    /// <summary>
    /// Whether <paramref name="holder"/> may keep its copy under <paramref name="effective"/> handling. A direct
    /// recipient (named in the source's signed header) may unless it is now excluded; a holder of a forwarded copy
    /// (given it by the hub on a release) only while the handling would still permit that forward — never under H3,
    /// under H1 only within the addressees, under H2 on the consent it was given, and never when excluded.
    /// </summary>
    public static bool MayKeep(Handling effective, PartyId holder, bool forwardedCopy, HandlingPolicy policy)
    {
        if (holder.IsHub)
        {
            return effective.HubMayRead || !forwardedCopy;
        }

        var addressees = policy.Addressees(effective);
        if (addressees.IsExcluded(holder))
        {
            return false;
        }

        if (!forwardedCopy)
        {
            return true;
        }

        // A forwarded copy was given under the source's consent (H2) or the code's own permission (H0, H1).
        var consented = new HashSet<string>(StringComparer.Ordinal) { holder.Uri };
        return policy.CheckForward(effective, holder, consented) is null;
    }

    /// <summary>Null when the lineage is well formed; otherwise what is wrong with it.</summary>
    public static string? CheckLineageShape(Lineage lineage, ReadOnlySpan<byte> messageId)
    {
        if (!MessageIds.IsValid(lineage.SupersedesMessageId.Span) || lineage.SupersedesMessageId.Span.SequenceEqual(messageId))
        {
            return "lineage.supersedes_message_id is not another message's 16-byte UUIDv7";
        }

        if (lineage.SupersedesHeaderSha256.Length != 32)
        {
            return "lineage.supersedes_header_sha256 is not 32 bytes";
        }

        if (lineage.Version < 2)
        {
            return "lineage.version starts at 2 (the original is version 1)";
        }

        return lineage.Reason.Length is 0 or > MaxNoteLength
            ? $"lineage.reason must be 1 to {MaxNoteLength} characters"
            : null;
    }
}
