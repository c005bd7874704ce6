using System.Globalization;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Commands;

/// <summary>How hits and their releases read in text output and in --json.</summary>
internal static class IntelligenceDisplay
{
    public static string Kind(MatchKind kind) => kind switch
    {
        MatchKind.Person => "person",
        MatchKind.IdentityDocument => "identity-document",
        MatchKind.Phone => "phone",
        MatchKind.Email => "email",
        MatchKind.Iban => "iban",
        MatchKind.Vehicle => "vehicle",
        MatchKind.Vessel => "vessel",
        MatchKind.CryptoAddress => "crypto-address",
        MatchKind.OnlineHandle => "online-handle",
        MatchKind.FinancialAccount => "financial-account",
        MatchKind.Organisation => "organisation",
        _ => "unspecified",
    };

    public static string Kinds(IEnumerable<MatchKind> kinds) => string.Join(',', kinds.Select(Kind));

    public static string Basis(HitBasis basis) => basis switch
    {
        HitBasis.HubIndex => "hub-index",
        HitBasis.BlindTokens => "blind-tokens",
        _ => "unspecified",
    };

    public static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Signed(double contribution) => contribution.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>"-", "released to DE", "refused: ForwardNotPermitted".</summary>
    public static string Release(HitRelease release) => release.State switch
    {
        ReleaseState.Released => "released to " + Display.Party(release.ReleasedTo!),
        ReleaseState.Refused => "refused: " + release.Reason,
        _ => "-",
    };

    /// <summary>
    /// The release, or "withdrawn: recalled" for a hit whose notification was purged with one of its messages (PurgedHits),
    /// "withdrawn by the hub: recalled" for one the hub withdrew (HubWithdrawals).
    /// </summary>
    public static string Release(HitEntry hit) => hit.Withdrawn is { } withdrawn ? Withdrawn(withdrawn.ByHub) + withdrawn.Cause : Release(hit.Release);

    /// <summary>"withdrawn: " or "withdrawn by the hub: ", before the cause.</summary>
    public static string Withdrawn(bool byHub) => byHub ? "withdrawn by the hub: " : "withdrawn: ";

    public static object? WithdrawnJson(HitWithdrawal? withdrawn) =>
        withdrawn is null ? null : new { At = StoredTime.Of(withdrawn.AtMs), withdrawn.Cause, withdrawn.ByHub };

    public static string State(ReleaseState state) => state switch
    {
        ReleaseState.Released => "released",
        ReleaseState.Refused => "refused",
        _ => "none",
    };

    public static object ReleaseJson(HitRelease release) => new
    {
        State = State(release.State),
        At = release.AtMs is { } at ? StoredTime.Of(at) : null,
        release.Actor,
        ReleasedTo = release.ReleasedTo is { } to ? Display.Party(to) : null,
        release.Reason,
        release.Detail,
    };

    /// <summary>A protobuf message as a JSON element (protobuf JSON mapping), for --json output.</summary>
    public static System.Text.Json.JsonElement Json(Google.Protobuf.IMessage message)
    {
        using var document = System.Text.Json.JsonDocument.Parse(Google.Protobuf.JsonFormatter.Default.Format(message));
        return document.RootElement.Clone();
    }
}
