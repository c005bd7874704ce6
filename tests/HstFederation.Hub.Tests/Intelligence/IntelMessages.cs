using Google.Protobuf;
using HstFederation.Hub.Intelligence;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>
/// Small HST messages about one person, sealed and submitted through a real hub, and the waits that go with the
/// intelligence worker: a member's own numbering is kept per sender, and each submission returns its hub sequence.
/// </summary>
internal sealed class IntelMessages(HubServer hub)
{
    /// <summary>Addressed, but not a recipient, when a message goes to the hub alone; no test uses it otherwise.</summary>
    public const string AnalysisAddressee = "ES";

    private readonly Dictionary<string, ulong> _sequences = [];

    /// <summary>The hub submissions go to; set it to the new server after a restart (the members' numbering goes on).</summary>
    public HubServer Hub { get; set; } = hub;

    /// <summary>A minimal report under case reference <paramref name="case"/> about one person with a phone.</summary>
    public static HstMessage AboutPerson(string @case, string family, string given, string phone, HandlingCode code = HandlingCode.H1, string? remarks = null)
    {
        var message = SampleMessages.Minimal(TimeProvider.System.GetUtcNow());
        message.Case.Reference = @case;
        message.Case.Title = "Report " + @case;
        message.Handling.Code = code;
        message.Persons.Add(new Person
        {
            Role = PersonRole.Organiser,
            Name = new PersonName { FamilyNameLatin = family, GivenNamesLatin = given },
            DateOfBirth = new PartialDate { Year = 1984, Month = 3, Day = 17 },
            Nationalities = { "LY" },
            Phones = { phone },
            Remarks = remarks ?? string.Empty,
        });
        return message;
    }

    /// <summary>
    /// Seals <paramref name="message"/> from <paramref name="from"/> to <paramref name="to"/> ("IPSG" = the hub may read;
    /// handling addressees follow unless <paramref name="addressed"/> names others; a <paramref name="lineage"/> makes it an
    /// update) and submits it; returns the hub sequence.
    /// </summary>
    public async Task<long> SubmitAsync(
        string from, HstMessage message, string[] to, string[]? addressed = null, MatchingTokens? tokens = null, string[]? excluded = null,
        MatchingTokens[]? otherKeys = null, Lineage? lineage = null)
    {
        Address(message, to, addressed, excluded);
        ulong sequence;
        lock (Sealed)
        {
            sequence = _sequences[from] = _sequences.GetValueOrDefault(from) + 1;
        }

        var sealedEnvelope = Seal(from, message, to, sequence, lineage);
        var response = await Hub.Client(from).SubmitAsync(new SubmitRequest
        {
            Envelope = ByteString.CopyFrom(sealedEnvelope.Bytes.Span),
            MatchingTokens = tokens,
            MatchingTokensOtherKeys = { otherKeys ?? [] },
        });
        var receipt = SignedStatements.Verify(response.Receipt, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, Hub.Trust, r => r.AcceptedAtMs).GetValueOrThrow();
        var hubSequence = (long)receipt.Statement.HubSequence;
        lock (Sealed)
        {
            // Submissions may run concurrently (tests of the hub's atomicity).
            Sealed[hubSequence] = sealedEnvelope;
        }

        return hubSequence;
    }

    /// <summary>
    /// Sets the handling's audience: the hub reads iff "IPSG" is in <paramref name="to"/>; the addressees are the member
    /// recipients unless <paramref name="addressed"/> names others.
    /// </summary>
    public static void Address(HstMessage message, string[] to, string[]? addressed = null, string[]? excluded = null)
    {
        message.Handling.Addressees = new Addressees();
        var members = to.Where(c => c != PartyId.HubCode).ToArray();

        // A report for the hub's analysis alone still names an addressee (the message rules require one).
        message.Handling.Addressees.Members.AddRange(addressed ?? (members.Length > 0 ? members : [AnalysisAddressee]));
        message.Handling.Addressees.ExcludedMembers.AddRange(excluded ?? []);
        message.Handling.HubMayRead = to.Contains(PartyId.HubCode);
    }

    /// <summary>What was sealed, by hub sequence (a source's consent is over its sealed header).</summary>
    public Dictionary<long, SealedEnvelope> Sealed { get; } = [];

    /// <summary>Completes once the intelligence worker has committed everything up to <paramref name="hubSequence"/>.</summary>
    public async Task ProcessedAsync(long hubSequence)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Hub.Services.GetRequiredService<IntelligenceWorker>().WaitForProcessedAsync(hubSequence, deadline.Token);
    }

    private SealedEnvelope Seal(string from, HstMessage message, string[] to, ulong sequence, Lineage? lineage)
    {
        var sealer = new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions);
        return sealer.Seal(message, Hub.Credentials(from), to.Select(code => Hub.Credentials(code).Encryption).ToList(), new SealOptions { Sequence = sequence, Lineage = lineage });
    }
}
