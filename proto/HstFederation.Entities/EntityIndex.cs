using HstFederation.Entities.Matching;
using HstFederation.Protocol.V1;

namespace HstFederation.Entities;

/// <summary>
/// The entities of every indexed document (the hub's message rows), matched against a new message's
/// (docs/matching.md §2–3): strong identifiers and organisation names by exact key, persons by score after
/// blocking. Thread-safe: <see cref="Add"/> and <see cref="Remove"/> take an exclusive lock, any number of
/// <see cref="Match"/> calls run concurrently under a shared one. Held in memory: the hub rebuilds it at start
/// from the stored <see cref="MessageEntities"/>.
/// </summary>
public sealed partial class EntityIndex
{
    private readonly MatchingOptions _options;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, DocumentEntry> _documents = [];

    // (kind, value) → where it occurs; organisation keys live here too, under MatchKind.Organisation.
    private readonly Dictionary<(MatchKind Kind, string Value), List<Occurrence>> _exact = [];
    // One instance of each name token, key and path however many persons share it. Only grows (names of
    // removed documents stay): bounded by the distinct names seen, far below the persons indexed.
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private int _count;

    public EntityIndex(MatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Indexed entities: strong identifiers, persons and organisations of every document.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Indexes a document's entities; adding a document id again replaces its entities.</summary>
    public void Add(long documentId, MessageEntities entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(documentId);
            var prepared = entities.Persons.Select(p => new PreparedPerson(p, Intern)).ToList();
            var entry = new DocumentEntry();
            foreach (var identifier in entities.Identifiers)
            {
                AddExact(entry, (identifier.Kind, identifier.Value), new Occurrence(documentId, Intern(identifier.Path)));
            }

            foreach (var organisation in entities.Organisations)
            {
                foreach (var key in organisation.Keys)
                {
                    AddExact(entry, (MatchKind.Organisation, key), new Occurrence(documentId, Intern(organisation.Path)));
                }
            }

            foreach (var person in prepared)
            {
                entry.Persons.Add(AddPerson(documentId, person));
            }

            entry.Count = entities.Identifiers.Count + entities.Organisations.Count + entities.Persons.Count;
            _count += entry.Count;
            _documents[documentId] = entry;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes a document's entities; false when it was not indexed.</summary>
    public bool Remove(long documentId)
    {
        _lock.EnterWriteLock();
        try
        {
            return RemoveLocked(documentId);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The indexed entities <paramref name="entities"/> match, best first: every shared strong identifier and
    /// organisation key, and every person pair at or above <see cref="MatchingOptions.PersonThreshold"/>.
    /// <paramref name="include"/> filters documents (e.g. those the recipient may be told about) before scoring.
    /// </summary>
    public IReadOnlyList<EntityMatch> Match(MessageEntities entities, Func<long, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var prepared = entities.Persons.Select(p => new PreparedPerson(p)).ToList();
        var matches = new List<EntityMatch>();
        _lock.EnterReadLock();
        try
        {
            MatchExact(entities, include, matches);
            MatchPersons(prepared, include, matches);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        matches.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore
                : a.DocumentId != b.DocumentId ? a.DocumentId.CompareTo(b.DocumentId)
                : string.CompareOrdinal(a.YourPath, b.YourPath) is var byPath and not 0 ? byPath
                : string.CompareOrdinal(a.TheirPath, b.TheirPath);
        });
        return matches;
    }

    private void MatchExact(MessageEntities entities, Func<long, bool>? include, List<EntityMatch> matches)
    {
        var seen = new HashSet<(long, MatchKind, string, string)>();
        var wanted = entities.Identifiers.Select(i => (i.Kind, i.Value, i.Path, Agreement: "exact"))
            .Concat(entities.Organisations.SelectMany(o => o.Keys.Select(k => (Kind: MatchKind.Organisation, Value: k, o.Path, Agreement: "name or alias equal"))));
        foreach (var (kind, value, path, agreement) in wanted)
        {
            if (!_exact.TryGetValue((kind, value), out var occurrences))
            {
                continue;
            }

            foreach (var occurrence in occurrences)
            {
                if ((include is null || include(occurrence.DocumentId)) && seen.Add((occurrence.DocumentId, kind, path, occurrence.Path)))
                {
                    matches.Add(new EntityMatch(occurrence.DocumentId, kind, path, value, occurrence.Path, 1,
                        [PersonScorer.Factor(KindNames.Field(kind), agreement, 1)]));
                }
            }
        }
    }

    private string Intern(string text)
    {
        if (!_strings.TryGetValue(text, out var interned))
        {
            _strings[text] = interned = text;
        }

        return interned;
    }

    private void AddExact(DocumentEntry entry, (MatchKind, string) key, Occurrence occurrence)
    {
        if (!_exact.TryGetValue(key, out var list))
        {
            _exact[key] = list = [];
        }

        if (!list.Contains(occurrence))
        {
            list.Add(occurrence);
            entry.ExactKeys.Add(key);
        }
    }

    private bool RemoveLocked(long documentId)
    {
        if (!_documents.Remove(documentId, out var entry))
        {
            return false;
        }

        foreach (var key in entry.ExactKeys)
        {
            if (_exact.TryGetValue(key, out var list) && list.RemoveAll(o => o.DocumentId == documentId) > 0 && list.Count == 0)
            {
                _exact.Remove(key);
            }
        }

        foreach (var slot in entry.Persons)
        {
            RemovePerson(slot);
        }

        _count -= entry.Count;
        return true;
    }

    private readonly record struct Occurrence(long DocumentId, string Path);

    private sealed class DocumentEntry
    {
        public HashSet<(MatchKind, string)> ExactKeys { get; } = [];

        public List<int> Persons { get; } = [];

        public int Count { get; set; }
    }
}
