using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Products;

/// <summary>
/// A person or organisation of one message: its label (<see cref="EntityLabels"/>) and its countries
/// (nationalities or countries of operation, and the reporting source's).
/// </summary>
internal sealed record NetworkEntity(NetworkNodeKind Kind, string Label, IReadOnlyList<string> Countries);
