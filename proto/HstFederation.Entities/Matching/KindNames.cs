using HstFederation.Protocol.V1;

namespace HstFederation.Entities.Matching;

/// <summary>The MatchFactor field name of each match kind, as in docs/matching.md §2: "phone", "identity_document" …</summary>
internal static class KindNames
{
    public static string Field(MatchKind kind) => kind switch
    {
        MatchKind.Person => "person",
        MatchKind.IdentityDocument => "identity_document",
        MatchKind.Phone => "phone",
        MatchKind.Email => "email",
        MatchKind.Iban => "iban",
        MatchKind.Vehicle => "vehicle",
        MatchKind.Vessel => "vessel",
        MatchKind.CryptoAddress => "crypto_address",
        MatchKind.OnlineHandle => "online_handle",
        MatchKind.FinancialAccount => "financial_account",
        MatchKind.Organisation => "organisation",
        _ => "unspecified",
    };
}
