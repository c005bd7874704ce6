using HstFederation.Entities;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
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
        // The hub's own messages, a message with nothing the hub may match (its envelope was not read), and a message
        // recalled or expired before the worker reached it (its envelope is gone).
        if (message.Sender.IsHub || message.NothingToMatch || message.Envelope.Length == 0)
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
        // As accepted, not as of today: a message that expired, or whose regions were redefined, while it waited in a
        // backlog was verified in full when the hub accepted it (every signature is still checked here).
        var opened = new EnvelopeOpener(new EnvelopeVerifier(credentials.Trust, policy)).OpenStored(message.Envelope, credentials.Party);
        if (!opened.IsSuccess)
        {
            if (opened.Rejection.Reason == RejectionReason.TrustDataStale)
            {
                // Passing: the revocation data could not be refreshed. Skipping would lose the message's matching for
                // good; failing the batch retries it from the marker once the trust data is fresh again.
                throw new TrustDataStaleException(opened.Rejection.Detail);
            }

            // E.g. its sender's certificate was revoked before the worker reached it: nothing is matched that the hub
            // could not vouch for now. The rejection's detail never holds content.
            return ProcessedMessage.NotIndexed(message.HubSequence, message.MessageId, opened.Rejection.ToString());
        }

        MessageEntities entities;
        byte[] serialized;
        IReadOnlyList<EntityMatch> matches;
        try
        {
            entities = EntityExtractor.Extract(opened.Value.Message, message.Sender.Code);
            serialized = entities.Serialize();
            matches = index.MatchOtherSources(entities, message.Sender);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Whatever one odd message trips over must not hold every later message's matching: it is skipped,
            // audited by the exception's type (never its message, which may quote content).
            return ProcessedMessage.NotIndexed(message.HubSequence, message.MessageId, "entity extraction failed: " + error.GetType().Name);
        }

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
        var newSide = new HitSide(message.HubSequence, message.Sender, message.MessageId, InForce(message.HubSequence, header.Handling));
        var detectedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hits = ranked.Take(options.MaxHitsPerMessage).Select(hit => Hit(newSide, hit.Held, hit.Entities, basis, detectedAtMs, policy)).ToList();
        return new ProcessedMessage(message.HubSequence, message.MessageId, null, null, hits, ranked.Count - hits.Count);
    }

    private FoundHit Hit(HitSide newSide, long heldSequence, List<HitEntity> found, HitBasis basis, long detectedAtMs, HandlingPolicy policy)
    {
        var stored = store.ReadMessage(heldSequence);
        var held = new HitSide(heldSequence, stored.Sender, stored.MessageId, InForce(heldSequence, () => StoredHeaders.Read(stored.Envelope).Handling));
        var entities = found.OrderByDescending(entity => entity.Score).Take(options.MaxMatchesPerHit).ToList();
        var hitId = HitIds.NewId();
        var hit = new NewHit(hitId, newSide.HubSequence, held.HubSequence, basis, entities[0].Kind, entities[0].Score, HitExplanations.Describe(entities), detectedAtMs);

        // Who already holds what: a recipient of the message, or a party it was forwarded to, and may still keep it.
        var heldSourceHoldsNew = Holds(newSide, held.Source, policy);
        var newSourceHoldsHeld = Holds(held, newSide.Source, policy);
        var notifications = new List<(PartyId, long, HitNotification)>(2);
        if (!HitExclusions.Excludes(held.Handling, newSide.Source))
        {
            notifications.Add((newSide.Source, held.HubSequence, HitNotifications.For(hitId, detectedAtMs, basis, newSide, held, entities, newSide: true,
                otherReadable: newSourceHoldsHeld, releasable: Releasable(newSide, held.Source, heldSourceHoldsNew, policy))));
        }

        if (!HitExclusions.Excludes(newSide.Handling, held.Source))
        {
            notifications.Add((held.Source, newSide.HubSequence, HitNotifications.For(hitId, detectedAtMs, basis, held, newSide, entities, newSide: false,
                otherReadable: heldSourceHoldsNew, releasable: Releasable(held, newSide.Source, newSourceHoldsHeld, policy))));
        }

        return new FoundHit(hit, notifications);
    }

    /// <summary>
    /// The handling in force: the signed header's as the source's restrictions since left it (<c>message_lifecycle</c>,
    /// the same the release path and the holders' orders follow), so an exclusion made after sending is honoured as one
    /// made in the header. A message with no lifecycle row (accepted before migration 5, never ordered) has its header's.
    /// </summary>
    private Handling InForce(long hubSequence, Handling header) => InForce(hubSequence, () => header);

    private Handling InForce(long hubSequence, Func<Handling> header) => store.FindLifecycleState(hubSequence)?.Handling ?? header();

    /// <summary>
    /// Whether <paramref name="party"/> holds <paramref name="side"/>'s message: a delivery of it that was not withdrawn,
    /// and that the handling in force still lets it keep (an acknowledged copy a restriction told it to purge is not held).
    /// </summary>
    private bool Holds(HitSide side, PartyId party, HandlingPolicy policy) =>
        store.FindDeliveredCopy(side.HubSequence, party) is { } forwardedCopy
        && LifecycleRules.MayKeep(side.Handling, party, forwardedCopy, policy);

    /// <summary>What Hub.Release would allow, given the source's consent: the hub reads it, the handling lets it reach <paramref name="to"/>, and <paramref name="to"/> does not hold it yet.</summary>
    private static bool Releasable(HitSide yours, PartyId to, bool toHoldsIt, HandlingPolicy policy) =>
        yours.HubReadable && !toHoldsIt && policy.CheckForward(yours.Handling, to, new HashSet<string>(StringComparer.Ordinal) { to.Uri }) is null;

    /// <summary>The shared normalised value is the recipient's own for exact kinds; a person's names differ between the sides, so none is sent.</summary>
    private static HitEntity ToHitEntity(EntityMatch match) =>
        new(match.Kind, match.YourPath, match.TheirPath, match.Kind == MatchKind.Person ? string.Empty : match.YourValue, match.Score, match.Factors);
}
