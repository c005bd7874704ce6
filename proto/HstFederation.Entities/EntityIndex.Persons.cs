using HstFederation.Entities.Matching;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities;

public sealed partial class EntityIndex
{
    // Persons live in slots; a removed person's slot is reused. Blocking keys and strong identifiers point
    // at slots, so a candidate is found by name or by anything it shares.
    private readonly List<PersonEntry?> _persons = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Dictionary<ulong, List<int>> _personKeys = [];
    private readonly Dictionary<(MatchKind, string), List<int>> _personIdentifiers = [];

    private int AddPerson(long documentId, PreparedPerson person)
    {
        var entry = new PersonEntry(documentId, person, BlockingKeys.ForIndex(person));
        int slot;
        if (_freeSlots.TryPop(out slot))
        {
            _persons[slot] = entry;
        }
        else
        {
            slot = _persons.Count;
            _persons.Add(entry);
        }

        foreach (var key in entry.Keys)
        {
            Posting(_personKeys, key).Add(slot);
        }

        foreach (var identifier in person.Identifiers)
        {
            Posting(_personIdentifiers, identifier).Add(slot);
        }

        return slot;
    }

    private void RemovePerson(int slot)
    {
        var entry = _persons[slot]!;
        foreach (var key in entry.Keys)
        {
            Unpost(_personKeys, key, slot);
        }

        foreach (var identifier in entry.Person.Identifiers)
        {
            Unpost(_personIdentifiers, identifier, slot);
        }

        _persons[slot] = null;
        _freeSlots.Push(slot);
    }

    private void MatchPersons(List<PreparedPerson> persons, Func<long, bool>? include, List<EntityMatch> matches)
    {
        foreach (var person in persons)
        {
            foreach (var slot in Candidates(person))
            {
                var candidate = _persons[slot]!;
                if (include is not null && !include(candidate.DocumentId))
                {
                    continue;
                }

                if (!PersonScorer.CanReach(person, candidate.Person, _options))
                {
                    continue;
                }

                var (score, factors) = PersonScorer.Score(person, candidate.Person, _options);
                if (score >= _options.PersonThreshold)
                {
                    matches.Add(new EntityMatch(candidate.DocumentId, MatchKind.Person, person.Path, "",
                        candidate.Person.Path, score, factors));
                }
            }
        }
    }

    private HashSet<int> Candidates(PreparedPerson person)
    {
        var candidates = new HashSet<int>();
        foreach (var key in BlockingKeys.ForQuery(person))
        {
            if (_personKeys.TryGetValue(key, out var slots))
            {
                candidates.UnionWith(slots);
            }
        }

        foreach (var identifier in person.Identifiers)
        {
            if (_personIdentifiers.TryGetValue(identifier, out var slots))
            {
                candidates.UnionWith(slots);
            }
        }

        return candidates;
    }

    private static List<int> Posting<TKey>(Dictionary<TKey, List<int>> postings, TKey key)
        where TKey : notnull
    {
        if (!postings.TryGetValue(key, out var list))
        {
            postings[key] = list = [];
        }

        return list;
    }

    private static void Unpost<TKey>(Dictionary<TKey, List<int>> postings, TKey key, int slot)
        where TKey : notnull
    {
        if (postings.TryGetValue(key, out var list) && list.Remove(slot) && list.Count == 0)
        {
            postings.Remove(key);
        }
    }

    private sealed record PersonEntry(long DocumentId, PreparedPerson Person, ulong[] Keys);
}
