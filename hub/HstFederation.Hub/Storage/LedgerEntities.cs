namespace HstFederation.Hub.Storage;

/// <summary>How many entities of each sort the hub indexed of a message: counts only, never a value. Null counts: the stored row does not parse.</summary>
internal sealed record LedgerEntities(int? Identifiers, int? Persons, int? Organisations);
