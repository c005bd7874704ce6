using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Validation;

/// <summary>Handling: code, evaluation (source reliability, information accuracy), addressees, retention.</summary>
internal static class HandlingRules
{
    private const string HandlingPath = "handling";
    private const string AddresseesPath = "handling.addressees";

    public static void Check(ValidationContext context, Handling? handling)
    {
        if (handling is null)
        {
            context.Add(HandlingPath, ErrorCodes.Required, "Handling is required.");
            return;
        }

        EnumRules.Required(context, HandlingPath, "code", handling.Code);
        EnumRules.Required(context, HandlingPath, "source_reliability", handling.SourceReliability);
        EnumRules.Required(context, HandlingPath, "information_accuracy", handling.InformationAccuracy);
        CheckAddressees(context, handling.Addressees);
        CheckRetention(context, handling);
        TextRules.Check(context, HandlingPath, "instructions", handling.Instructions, HstMessageLimits.MaxFreeTextLength);
    }

    private static void CheckAddressees(ValidationContext context, Addressees? addressees)
    {
        if (addressees is null || (addressees.Members.Count == 0 && addressees.Regions.Count == 0 && !addressees.AllMembers))
        {
            context.Add(HandlingPath, "addressees", ErrorCodes.Required, "Address at least one member, one region, or all members.");
            if (addressees is null)
            {
                return;
            }
        }

        var members = CheckMembers(context, "members", addressees.Members);
        var regions = ListRules.Count(context, AddresseesPath, "regions", addressees.Regions.Count, HstMessageLimits.MaxAddressees);
        var seenRegions = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < regions; i++)
        {
            if (!TextRules.CheckItem(context, AddresseesPath, "regions", i, addressees.Regions[i], HstMessageLimits.MaxShortTextLength))
            {
                continue;
            }

            // The envelope carries the same names and the hub's directory only defines these, so a name outside the rule
            // could never reach anyone: refused here, where the operator sees which field, not later at the hub.
            if (!HandlingPolicy.IsValidRegionName(addressees.Regions[i]))
            {
                context.Add(FieldPath.Item(AddresseesPath, "regions", i), ErrorCodes.InvalidFormat,
                    $"Expected a region name as the hub defines them: 1 to {HandlingPolicy.MaxRegionNameLength} ASCII letters, digits, '-' or '_'.");
            }
            else if (!seenRegions.Add(addressees.Regions[i]))
            {
                context.Add(FieldPath.Item(AddresseesPath, "regions", i), ErrorCodes.Duplicate, "This region is already addressed.");
            }
        }

        CheckMembers(context, "excluded_members", addressees.ExcludedMembers);
        for (var i = 0; i < addressees.ExcludedMembers.Count && i < HstMessageLimits.MaxAddressees; i++)
        {
            if (members.Contains(addressees.ExcludedMembers[i]))
            {
                context.Add(FieldPath.Item(AddresseesPath, "excluded_members", i), ErrorCodes.Conflict,
                    "This member is both addressed and excluded.");
            }
        }
    }

    /// <summary>Checks a list of member codes; returns the valid ones.</summary>
    private static HashSet<string> CheckMembers(ValidationContext context, string list, IReadOnlyList<string> codes)
    {
        var count = ListRules.Count(context, AddresseesPath, list, codes.Count, HstMessageLimits.MaxAddressees);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            context.CountText(codes[i].Length);
            if (!CountryCodes.IsAssigned(codes[i]))
            {
                context.Add(FieldPath.Item(AddresseesPath, list, i), ErrorCodes.InvalidCountry,
                    "Expected a member's ISO 3166-1 alpha-2 code in upper case, e.g. \"IT\".");
            }
            else if (!seen.Add(codes[i]))
            {
                context.Add(FieldPath.Item(AddresseesPath, list, i), ErrorCodes.Duplicate, "This member is already listed.");
            }
        }

        return seen;
    }

    private static void CheckRetention(ValidationContext context, Handling handling)
    {
        if (handling.RetainUntil is null)
        {
            context.Add(HandlingPath, "retain_until", ErrorCodes.Required, "A retention date is required (default: five years).");
            return;
        }

        if (DateRules.CheckTimestamp(context, HandlingPath, "retain_until", handling.RetainUntil) is not { } retainUntil)
        {
            return;
        }

        if (retainUntil <= context.Now)
        {
            context.Add(HandlingPath, "retain_until", ErrorCodes.InvalidDate, "retain_until must lie after now.");
        }
        else if (retainUntil > context.LatestRetention)
        {
            context.Add(HandlingPath, "retain_until", ErrorCodes.OutOfRange,
                $"retain_until may lie at most {HstMessageLimits.MaxRetentionYears} years after now.");
        }
    }
}
