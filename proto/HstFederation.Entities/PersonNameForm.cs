namespace HstFederation.Entities;

/// <summary>
/// One way a person is named, as folded Latin tokens (docs/matching.md §1): lower-case ASCII letters and
/// digits after transliteration. <see cref="Split"/> tells whether family and given names are known apart
/// (the Latin fields); a name from <c>original_script</c> alone is not split and keeps all its tokens in
/// <see cref="Family"/>, in written order. <see cref="Source"/> names the field, e.g. "name",
/// "name.original_script", "aliases[1]", so an explanation can say which form matched.
/// </summary>
public sealed record PersonNameForm(IReadOnlyList<string> Family, IReadOnlyList<string> Given, bool Split, string Source)
{
    /// <summary>Every token, family first.</summary>
    public IEnumerable<string> Tokens => Family.Concat(Given);

    public bool IsAlias => Source.StartsWith("aliases", StringComparison.Ordinal);
}
