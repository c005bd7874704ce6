using HstFederation.Entities;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// The matcher's in-memory index of every indexed message (document id = hub sequence) and each one's source, so a
/// new message is matched against other sources' holdings only. Rebuilt at start from the stored entities; used by
/// the intelligence worker alone.
/// </summary>
internal sealed class IntelligenceIndex(MatchingOptions options)
{
    private readonly EntityIndex _index = new(options);
    private readonly Dictionary<long, PartyId> _sources = [];

    /// <summary>Indexed messages.</summary>
    public int Messages => _sources.Count;

    /// <summary>Indexed entities.</summary>
    public int Entities => _index.Count;

    /// <summary>The index of every stored entities row; a row that does not deserialize is left out and reported to <paramref name="unreadable"/>.</summary>
    public static IntelligenceIndex Load(HubStore store, MatchingOptions options, Action<long, FormatException> unreadable)
    {
        var index = new IntelligenceIndex(options);
        store.ReadAllEntities((hubSequence, source, entities) =>
        {
            try
            {
                index.Add(hubSequence, source, MessageEntities.Deserialize(entities));
            }
            catch (FormatException error)
            {
                // A damaged row costs that message its future hits, not the whole hub its start.
                unreadable(hubSequence, error);
            }
        });
        return index;
    }

    public void Add(long hubSequence, PartyId source, MessageEntities entities)
    {
        _index.Add(hubSequence, entities);
        _sources[hubSequence] = source;
    }

    public void Remove(long hubSequence)
    {
        _index.Remove(hubSequence);
        _sources.Remove(hubSequence);
    }

    /// <summary>Matches against messages of sources other than <paramref name="source"/>: a source is never told it holds its own data.</summary>
    public IReadOnlyList<EntityMatch> MatchOtherSources(MessageEntities entities, PartyId source) =>
        _index.Match(entities, document => _sources.TryGetValue(document, out var held) && held != source);
}
