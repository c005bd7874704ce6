using HstFederation.Entities.Normalisation;

namespace HstFederation.Entities.Matching;

/// <summary>A name form with what comparisons need computed once: phonetic keys and the tokens run together in both orders.</summary>
internal sealed class PreparedName
{
    public PreparedName(PersonNameForm form)
    {
        Form = form;
        Family = Prepared.Of(form.Family);
        Given = Prepared.Of(form.Given);
        All = [.. Family, .. Given];
        FamilyJoined = Prepared.Of(string.Concat(form.Family));
        GivenJoined = Prepared.Of(string.Concat(form.Given));
        Joined = Prepared.Of(string.Concat(form.Family) + string.Concat(form.Given));
        JoinedSwapped = Prepared.Of(string.Concat(form.Given) + string.Concat(form.Family));
    }

    public PersonNameForm Form { get; }

    public Prepared[] Family { get; }

    public Prepared[] Given { get; }

    public Prepared[] All { get; }

    public Prepared FamilyJoined { get; }

    public Prepared GivenJoined { get; }

    /// <summary>Family then given tokens without spaces: "al hassan" and "alhassan" compare alike.</summary>
    public Prepared Joined { get; }

    public Prepared JoinedSwapped { get; }

    public bool IsEmpty => All.Length == 0;
}

/// <summary>A folded token and its phonetic key (<see cref="PhoneticKey"/>).</summary>
internal readonly record struct Prepared(string Text, string Key)
{
    public static Prepared Of(string text) => new(text, PhoneticKey.Of(text));

    public static Prepared[] Of(IReadOnlyList<string> tokens) => [.. tokens.Select(Of)];
}
