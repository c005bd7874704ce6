using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HstFederation.Node.Audit;
using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Validation;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Sending;

/// <summary>
/// The one way a message enters the outbox, for the CLI and the agency API alike: applies the requested
/// addressing and handling, validates the message (field-path errors), resolves the recipients, and queues
/// it durably — the caller gets the message id only after the outbox row committed. The hub link then
/// seals and submits it. Explicitly named members need no directory, so an NCB can queue while the hub is
/// away; regions and "all members" are resolved from the held member directory and fail if there is none.
/// With a request id (<see cref="SendRequest.RequestId"/>), a repeat of an earlier submission by the same actor
/// queues nothing and returns the earlier message (<see cref="EnqueuedMessage.Repeated"/>, audited as
/// enqueue-repeat); a reuse of the id for another request throws <see cref="RequestIdReusedException"/>.
/// </summary>
internal sealed class MessageSubmitter(
    NodeStore store, MemberDirectoryCache directory, PartyId me, TimeProvider time, IRandomSource random, Action? queued = null)
{
    public Task<EnqueuedMessage> SubmitAsync(SendRequest request, string actor, CancellationToken cancellationToken) =>
        SubmitAsync(request, actor, null, cancellationToken);

    /// <param name="certificate">The serial of the client certificate an agency's call came through (audited with it); null for an operator.</param>
    public async Task<EnqueuedMessage> SubmitAsync(SendRequest request, string actor, string? certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var key = request.Key();
        if (key is not null && await store.FindSubmissionAsync(actor, key, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            // A retry: answered before validation and addressing, which might not pass again now (time, directory).
            await store.AuditAsync(actor, NodeAuditActions.EnqueueRepeat, earlier.MessageId, SubmitKeys.RepeatDetail(earlier, key), certificate, CancellationToken.None)
                .ConfigureAwait(false);
            return earlier;
        }

        var message = request.Message.Clone();
        ApplyHandling(message, request, time.GetUtcNow());

        var validation = HstMessageValidator.Validate(message, time.GetUtcNow());
        if (!validation.IsValid)
        {
            throw new SendRefusedException(
                $"the message is not valid ({validation.Errors.Count} error(s)): " + string.Join("; ", validation.Errors.Take(5).Select(e => $"{e.Path}: {e.Message}")),
                validation.Errors);
        }

        var size = message.CalculateSize();
        if (size > EnvelopeLimits.Default.MaxContentBytes)
        {
            // Refused now rather than queued and refused at sealing, after the caller was told "queued".
            throw new SendRefusedException(
                $"the message is {size} bytes; an HST message may be at most {EnvelopeLimits.Default.MaxContentBytes} bytes.",
                [new FieldError("message", ErrorCodes.TooLong, $"{size} bytes; at most {EnvelopeLimits.Default.MaxContentBytes}")]);
        }

        var recipients = await RecipientsAsync(message.Handling.Addressees, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var item = new OutboxItem(MessageIds.NewId(now, random), actor, message.ToByteArray(), recipients, Key: key)
        {
            Update = request.Update,
            RetainUntilMs = StoredHeaders.RetainUntilMs(message.Handling),
            Certificate = certificate,
        };
        var enqueued = await store.EnqueueParsedAsync(item, message, cancellationToken).ConfigureAwait(false);
        if (!enqueued.Repeated)
        {
            queued?.Invoke();
        }

        return enqueued;
    }

    private static void ApplyHandling(HstMessage message, SendRequest request, DateTimeOffset now)
    {
        message.Handling ??= new Handling();
        var handling = message.Handling;

        // Every message carries its retention date (docs/lifecycle.md §5): five years unless the source sets a shorter one.
        handling.RetainUntil ??= Timestamp.FromDateTimeOffset(now + LifecycleRules.DefaultRetention);
        if (request.Handling is { } code)
        {
            handling.Code = code;
        }

        if (request.HubMayRead is { } hubMayRead)
        {
            handling.HubMayRead = hubMayRead;
        }

        if (request.Members.Count > 0 || request.Regions.Count > 0)
        {
            var excluded = handling.Addressees?.ExcludedMembers.ToList() ?? [];
            handling.Addressees = new Addressees();
            handling.Addressees.Members.AddRange(request.Members.Select(m => m.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal));
            handling.Addressees.Regions.AddRange(request.Regions.Select(r => r.Trim()).Distinct(StringComparer.Ordinal));
            handling.Addressees.ExcludedMembers.AddRange(excluded);
        }
    }

    /// <summary>
    /// An empty "known:" list told the sender nothing: with no region defined the refusal says that regions are the
    /// hub's (docs/hub.md, `hst-hub regions`) and that naming members works meanwhile.
    /// </summary>
    private static string UnknownRegion(string name, MemberDirectory held) => held.Regions.Count == 0
        ? $"region '{name}' is not in the member directory: the hub defines no regions (its operator defines one with " +
          $"'hst-hub regions define {name} --members CC,CC'); address members with --to CC,CC instead."
        : $"region '{name}' is not in the member directory (known: {string.Join(", ", held.Regions.Select(r => r.Name))}).";

    /// <summary>Party URIs to seal for: named members, region members and "all members", less exclusions and this node.</summary>
    private async Task<IReadOnlyList<string>> RecipientsAsync(Addressees? addressees, CancellationToken cancellationToken)
    {
        if (addressees is null || (addressees.Members.Count == 0 && addressees.Regions.Count == 0 && !addressees.AllMembers))
        {
            throw new SendRefusedException("the message has no addressees: name members (--to DE,IT) or regions (--region ...).");
        }

        var codes = new SortedSet<string>(addressees.Members, StringComparer.Ordinal);
        if (addressees.Regions.Count > 0 || addressees.AllMembers)
        {
            var held = await HeldDirectoryAsync(cancellationToken).ConfigureAwait(false);
            foreach (var name in addressees.Regions)
            {
                var region = held.Regions.FirstOrDefault(r => r.Name == name)
                    ?? throw new SendRefusedException(UnknownRegion(name, held));
                codes.UnionWith(region.Members);
            }

            if (addressees.AllMembers)
            {
                foreach (var member in held.Members.Where(m => m.Status == MemberStatus.Active))
                {
                    if (PartyId.TryParse(member.Party, out var party) && !party.IsHub)
                    {
                        codes.Add(party.Code);
                    }
                }
            }
        }

        codes.ExceptWith(addressees.ExcludedMembers);
        if (!me.IsHub)
        {
            codes.Remove(me.Code);
        }

        return codes.Count == 0
            ? throw new SendRefusedException("after exclusions and leaving out this node, no addressee remains.")
            : [.. codes.Select(c => PartyId.Member(c).Uri)];
    }

    private async Task<MemberDirectory> HeldDirectoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await directory.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is DirectoryUnavailableException or Grpc.Core.RpcException or HttpRequestException)
        {
            return directory.Current is { } held && held.ExpiresAtMs > time.GetUtcNow().ToUnixTimeMilliseconds()
                ? held
                : throw new SendRefusedException(
                    "regions and 'all members' need the member directory, and none is held (the hub is unreachable): name the members instead, or retry when the hub is back.",
                    error);
        }
    }
}
