namespace HstFederation.Entities.Matching;

/// <summary>
/// A name form with what comparisons need computed once: phonetic keys and the tokens run together in both
/// orders. Strings go through the index's interner: names repeat across a million persons.
/// </summary>
internal sealed class PreparedName
{
    public PreparedName(PersonNameForm form, Func<string, string> intern)
    {
        Source = intern(form.Source);
        Split = form.Split;
        Family = Prepared.Of(form.Family, intern);
        Given = Prepared.Of(form.Given, intern);
        All = [.. Family, .. Given];
        FamilyJoined = Family.Length == 1 ? Family[0] : Prepared.Of(string.Concat(form.Family), intern);
        GivenJoined = Given.Length == 1 ? Given[0] : Prepared.Of(string.Concat(form.Given), intern);
        Joined = Prepared.Of(FamilyJoined.Text + GivenJoined.Text, intern);
        JoinedSwapped = Prepared.Of(GivenJoined.Text + FamilyJoined.Text, intern);
    }

    /// <summary>The field it came from, e.g. "name", "aliases[0].original_script".</summary>
    public string Source { get; }

    /// <summary>Whether family and given names are known apart (<see cref="PersonNameForm.Split"/>).</summary>
    public bool Split { get; }

    public Prepared[] Family { get; }

    public Prepared[] Given { get; }

    public Prepared[] All { get; }

    public Prepared FamilyJoined { get; }

    public Prepared GivenJoined { get; }

    /// <summary>Family then given tokens without spaces: "al hassan" and "alhassan" compare alike.</summary>
    public Prepared Joined { get; }

    public Prepared JoinedSwapped { get; }
}

/// <summary>A folded token and its phonetic key (Normalisation.PhoneticKey).</summary>
internal readonly record struct Prepared(string Text, string Key)
{
    public static Prepared Of(string text, Func<string, string> intern) => new(intern(text), intern(Normalisation.PhoneticKey.Of(text)));

    public static Prepared Of(string text) => Of(text, static s => s);

    public static Prepared[] Of(IReadOnlyList<string> tokens, Func<string, string> intern) => [.. tokens.Select(t => Of(t, intern))];
}
