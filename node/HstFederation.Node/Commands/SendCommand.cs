using Google.Protobuf;
using HstFederation.Node.HubLink;
using HstFederation.Node.Sending;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Node.Commands;

/// <summary>`send`: validates an HST message (JSON) and queues it durably in the outbox for the hub link to send.</summary>
internal sealed class SendCommand : INodeCommand
{
    private const string FileOption = "--file";
    private const string ToOption = "--to";
    private const string RegionOption = "--region";
    private const string HandlingOption = "--handling";
    private const string HubMayReadFlag = "--hub-may-read";
    private const string RequestIdOption = "--request-id";

    public string Name => "send";

    public string Summary => "Queue an HST message (JSON) for members or regions: send --file case.json --to DE,IT.";

    public string Help => """
        Usage: hst-node send --file FILE [--to CC,CC...] [--region NAME,...] [--handling H0|H1|H2|H3]
                             [--hub-may-read yes|no] [--request-id KEY] [--json]

        Reads an HST message from FILE ('-' for standard input) in the protobuf JSON mapping
        (docs/hst-message.md), applies the addressing and handling given here over what the message
        says, validates it (errors name the field path, e.g. persons[2].documents[0].number), and queues
        it durably in the outbox. Its message id is printed only once it is stored; the node's hub link
        ('hst-node serve') then signs, encrypts for exactly the addressees, submits, and records the hub's
        receipt — follow it with 'hst-node outbox' or 'hst-node show <id>'. Named members can be queued
        while the hub is unreachable; regions need the member directory from the hub.

        Options:
          --file FILE        the message as JSON (required)
          --to CC,CC         addressee members, ISO 3166-1 alpha-2 codes in either case, separated by commas
                             (with --region or alone, replaces the message's members and regions; its
                             excluded members stay)
          --region NAME,...  addressee regions from the hub's member directory (the hub's operator defines
                             them: 'hst-hub regions define NAME --members CC,..'; a name the directory does
                             not hold is refused, saying which it holds or that it holds none)
          --handling CODE    H0 (no restriction), H1 (addressees only), H2 (onward only with consent), H3 (no onward)
          --hub-may-read yes|no
                             whether the General Secretariat may read it (replaces the message's hubMayRead;
                             without it the message's value stands, absent: no). yes also encrypts it for the
                             hub, which matches it against other members' messages (hits, 'hst-node hits'; a
                             hit can be released through the hub) and builds analytical products from it. no
                             makes it a direct exchange: only the addressees can read it; the hub routes it and
                             matches only its blind tokens (with Node:MatchingKeyPath), never releasable, and
                             builds no product from it. '--hub-may-read' alone means yes.
          --request-id KEY   makes a retry safe: 1-128 printable ASCII characters (e.g. a UUID), the same on every
                             retry of this send. A repeat with the same KEY and the same file and options queues
                             nothing and prints the message queued the first time ("Already queued ..."); the same
                             KEY with anything different is refused. Keys are per operator account. Without it, a
                             retry after an interrupted send may queue the message twice.
          --json             {"messageId":...,"localId":...,"sequence":...,"recipients":[...],"repeated":false,...}

        Example:
          $ hst-node send --config node.json --file case.json --to DE,IT --handling H2
          Queued 0193a5c2-7d1e-7f00-8a2b-3c4d5e6f7a8b (outbox #12, sequence 12) for DE, IT; handling H2, hub may not read.
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { FileOption, ToOption, RegionOption, HandlingOption, RequestIdOption };

    public IReadOnlySet<string> Flags { get; } = new HashSet<string> { HubMayReadFlag };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals();
        var members = arguments.MemberCodes(ToOption);
        var message = ReadMessage(arguments.Required(FileOption));
        var requestId = arguments.Optional(RequestIdOption);
        if (requestId is not null && SubmitKey.Problem(requestId) is { } problem)
        {
            throw new CommandUsageException($"{RequestIdOption}: {problem}.");
        }

        var request = new SendRequest(
            message, members, arguments.List(RegionOption), ParseHandling(arguments.Optional(HandlingOption)),
            arguments.Flag(HubMayReadFlag), requestId);

        var (options, credentials) = context.Identity();
        await using var store = context.OpenStore(options);
        using var hub = new HubConnection(new Uri(options.HubAddress), credentials.TlsCertificate, credentials.Trust);
        var directory = new MemberDirectoryCache(hub, credentials.Trust, context.Time, options.DirectoryRefresh, NullLogger.Instance);
        var submitter = new MessageSubmitter(store, directory, credentials.Party.Party, context.Time, SystemRandomSource.Instance);
        var queued = await submitter.SubmitAsync(request, CommandContext.Actor, cancellationToken);
        var stored = (await store.GetOutboxAsync(queued.LocalId, cancellationToken))!;
        var effective = HstMessage.Parser.ParseFrom(stored.Plaintext).Handling;
        var id = MessageIds.Format(queued.MessageId);
        var recipients = stored.Addressees.Select(Display.Party).ToList();
        if (context.Json)
        {
            context.WriteJson(new
            {
                MessageId = id, queued.LocalId, queued.Sequence, Recipients = recipients, Handling = effective.Code.ToString(),
                effective.HubMayRead, State = stored.State.ToString(), queued.Repeated,
            });
        }
        else
        {
            context.Out.WriteLine(
                $"{(queued.Repeated ? "Already queued " : "Queued ")}{id} (outbox #{queued.LocalId}, sequence {queued.Sequence}) for {string.Join(", ", recipients)}; " +
                $"handling {Display.Handling(effective.Code)}, hub may {(effective.HubMayRead ? "read" : "not read")}." +
                (queued.Repeated ? $" A repeat of request id {requestId}: nothing queued now." : ""));
        }

        return NodeCommandLine.Success;
    }

    public static HstMessage ReadMessage(string file)
    {
        string json;
        if (file != "-" && Directory.Exists(file))
        {
            // Reading a directory fails with "Access to the path is denied", which sends the operator after permissions.
            throw new CommandFailedException($"{FileOption} {file}: {Path.GetFullPath(file)} is a directory, not a file: give the message's JSON file.");
        }

        try
        {
            json = file == "-" ? Console.In.ReadToEnd() : File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"{FileOption} {file}: {e.Message}", e);
        }

        try
        {
            return JsonParser.Default.Parse<HstMessage>(json);
        }
        catch (Exception e) when (e is InvalidJsonException or InvalidProtocolBufferException or FormatException)
        {
            throw new CommandFailedException(
                $"{FileOption} {file}: not an HST message in the protobuf JSON mapping: {e.Message} (see docs/hst-message.md for the format and an example)", e);
        }
    }

    public static HandlingCode? ParseHandling(string? text) => text?.ToUpperInvariant() switch
    {
        null => null,
        "H0" => HandlingCode.H0,
        "H1" => HandlingCode.H1,
        "H2" => HandlingCode.H2,
        "H3" => HandlingCode.H3,
        _ => throw new CommandUsageException($"{HandlingOption} must be H0, H1, H2 or H3, not '{text}'."),
    };
}
