using HstFederation.Protocol.V1;

namespace HstFederation.Entities;

/// <summary>
/// One strong identifier in its normalised form (docs/matching.md §2), e.g. (Phone, "+33612345678"),
/// (IdentityDocument, "PASSPORT|FR|12AB34567"), (Vessel, "IMO:9074729"). Two identifiers match when kind and
/// value are equal. <see cref="Path"/> is where it sits in the message, e.g. <c>persons[0].phones[1]</c>.
/// </summary>
public sealed record ExtractedIdentifier(MatchKind Kind, string Value, string Path);
