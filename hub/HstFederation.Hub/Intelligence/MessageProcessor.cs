using HstFederation.Entities;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// The intelligence worker's work on one accepted message, before anything is written (docs/intelligence.md §2–3, §5):
/// a message the hub may read is opened with the hub's key, its entities extracted and matched against other sources'
/// holdings (then added to the index); a direct exchange is matched by its blind tokens alone; the hub's own messages
/// are neither. Each pair of matching messages becomes one hit with a notification per source.
/// </summary>
internal sealed class MessageProcessor(HubStore store, HubCredentials credentials, IntelligenceOptions options, TimeProvider time, IntelligenceIndex index)
{
    public ProcessedMessage Process(StoredMessage message, HandlingPolicy policy)
    {
        if (message.Sender.IsHub)
        {
            return ProcessedMessage.Nothing(message.HubSequence, message.MessageId);
        }

        if (StoredHeaders.TryRead(message.Envelope) is not { } header)
        {
            return ProcessedMessage.NotIndexed(message.HubSequence, message.MessageId, "the stored envelope does not parse");
        }

        return header.Handling.HubMayRead ? Index(message, header, policy) : MatchTokens(message, header, policy);
    }

    private ProcessedMessage Index(StoredMessage message, EnvelopeHeader header, HandlingPolicy policy)
    {
        var opened = new EnvelopeOpener(new EnvelopeVerifier(credentials.Trust, policy)).Open(message.Envelope, credentials.Party);
        if (!opened.IsSuccess)
        {
            // E.g. it expired or its sender's certificate was revoked before the worker reached it: nothing is matched
            // that the hub could not vouch for now. The rejection's detail never holds content.
            return ProcessedMessage.NotIndexed(message.HubSequence, message.MessageId, opened.Rejection.ToString());
        }

        MessageEntities entities;
        byte[] serialized;
        try
        {
            entities = EntityExtractor.Extract(opened.Value.Message, message.Sender.Code);
            serialized = entities.Serialize();
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException)
        {
            return ProcessedMessage.NotIndexed(message.HubSequence, message.MessageId, "entity extraction failed: " + error.GetType().Name);
        }

        var matches = index.MatchOtherSources(entities, message.Sender);
        index.Add(message.HubSequence, message.Sender, entities);
        var byHeld = matches
            .GroupBy(match => match.DocumentId)
            .Select(group => (Held: group.Key, Entities: group.Select(ToHitEntity).ToList()));
        return Hits(message, header, HitBasis.HubIndex, byHeld, policy) with { Entities = serialized };
    }

    private ProcessedMessage MatchTokens(StoredMessage message, EnvelopeHeader header, HandlingPolicy policy)
    {
        var byHeld = store.FindTokenMatches(message.HubSequence, message.Sender)
            .GroupBy(match => match.HeldMessage)
            .Select(group => (Held: group.Key, Entities: group.Select(token => new HitEntity(
                token.Kind, token.YourPath, token.TheirPath, string.Empty, 1,
                [new MatchFactor { Field = token.Kind.ToString(), Agreement = "blind tokens equal", Contribution = 1 }])).ToList()));
        return Hits(message, header, HitBasis.BlindTokens, byHeld, policy);
    }

    private ProcessedMessage Hits(
        StoredMessage message, EnvelopeHeader header, HitBasis basis, IEnumerable<(long Held, List<HitEntity> Entities)> byHeld, HandlingPolicy policy)
    {
        var ranked = byHeld.OrderByDescending(hit => hit.Entities.Max(entity => entity.Score)).ThenBy(hit => hit.Held).ToList();
        var newSide = new HitSide(message.HubSequence, message.Sender, message.MessageId, header.Handling);
        var detectedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hits = ranked.Take(options.MaxHitsPerMessage).Select(hit => Hit(newSide, hit.Held, hit.Entities, basis, detectedAtMs, policy)).ToList();
        return new ProcessedMessage(message.HubSequence, message.MessageId, null, null, hits, ranked.Count - hits.Count);
    }

    private FoundHit Hit(HitSide newSide, long heldSequence, List<HitEntity> found, HitBasis basis, long detectedAtMs, HandlingPolicy policy)
    {
        var stored = store.ReadMessage(heldSequence);
        var held = new HitSide(heldSequence, stored.Sender, stored.MessageId, StoredHeaders.Read(stored.Envelope).Handling);
        var entities = found.OrderByDescending(entity => entity.Score).Take(options.MaxMatchesPerHit).ToList();
        var hitId = HitIds.NewId();
        var hit = new NewHit(hitId, newSide.HubSequence, held.HubSequence, basis, entities[0].Kind, entities[0].Score, HitExplanations.Describe(entities), detectedAtMs);

        // Who already holds what: a recipient of the message, or a party it was forwarded to.
        var heldSourceHoldsNew = store.IsDeliveredTo(newSide.HubSequence, held.Source);
        var newSourceHoldsHeld = store.IsDeliveredTo(held.HubSequence, newSide.Source);
        return new FoundHit(hit,
        [
            (newSide.Source, HitNotifications.For(hitId, detectedAtMs, basis, newSide, held, entities, newSide: true,
                otherReadable: newSourceHoldsHeld, releasable: Releasable(newSide, held.Source, heldSourceHoldsNew, policy))),
            (held.Source, HitNotifications.For(hitId, detectedAtMs, basis, held, newSide, entities, newSide: false,
                otherReadable: heldSourceHoldsNew, releasable: Releasable(held, newSide.Source, newSourceHoldsHeld, policy))),
        ]);
    }

    /// <summary>What Hub.Release would allow, given the source's consent: the hub reads it, the handling lets it reach <paramref name="to"/>, and <paramref name="to"/> does not hold it yet.</summary>
    private static bool Releasable(HitSide yours, PartyId to, bool toHoldsIt, HandlingPolicy policy) =>
        yours.HubReadable && !toHoldsIt && policy.CheckForward(yours.Handling, to, new HashSet<string>(StringComparer.Ordinal) { to.Uri }) is null;

    /// <summary>The shared normalised value is the recipient's own for exact kinds; a person's names differ between the sides, so none is sent.</summary>
    private static HitEntity ToHitEntity(EntityMatch match) =>
        new(match.Kind, match.YourPath, match.TheirPath, match.Kind == MatchKind.Person ? string.Empty : match.YourValue, match.Score, match.Factors);
}
