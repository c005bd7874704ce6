using HstFederation.Entities.Serialization;

namespace HstFederation.Entities;

/// <summary>
/// Everything of one message the matcher uses: all its strong identifiers (those of persons included), its
/// persons and organisations. The hub stores <see cref="Serialize"/>d entities per message and rebuilds its
/// <see cref="EntityIndex"/> from them at start, without decrypting messages again.
/// </summary>
public sealed record MessageEntities(
    IReadOnlyList<ExtractedIdentifier> Identifiers,
    IReadOnlyList<PersonRecord> Persons,
    IReadOnlyList<OrganisationRecord> Organisations)
{
    public static MessageEntities Empty { get; } = new([], [], []);

    /// <summary>A compact, versioned binary form (docs/matching.md §1); see <see cref="EntitiesCodec"/>.</summary>
    public byte[] Serialize() => EntitiesCodec.Write(this);

    /// <exception cref="FormatException">The bytes are not entities of a known version.</exception>
    public static MessageEntities Deserialize(ReadOnlySpan<byte> bytes) => EntitiesCodec.Read(bytes);
}
