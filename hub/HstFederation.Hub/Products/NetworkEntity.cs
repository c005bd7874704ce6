using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// A person or organisation of one message: where it sits (<c>persons[0]</c>, <c>organisations[1]</c>), its label,
/// its countries (nationalities or countries of operation, and the reporting source's), and the keys under which
/// it is the same entity as another message's (<see cref="EntityKeys"/>).
/// </summary>
internal sealed record NetworkEntity(NetworkNodeKind Kind, string Path, string Label, IReadOnlyList<string> Countries, IReadOnlyList<string> Keys);
