using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using HstFederation.Hub.Retention;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>
/// A real hub on a fake clock for the retention tests: the schedule's hosted loop off unless asked for, so each test
/// drives <see cref="RetentionWorker.RunOnceAsync"/> itself; members' messages with a retention date of the test's choosing.
/// The clock stays within the development federation's CRL week: dates are set close to the lead time, not years away.
/// </summary>
internal sealed class RetentionHub : IAsyncDisposable
{
    private RetentionHub(FakeTimeProvider time) => Time = time;

    public FakeTimeProvider Time { get; }

    public HubServer Hub { get; private set; } = null!;

    public HubStore Store => Hub.Services.GetRequiredService<HubStore>();

    public RetentionWorker Worker => Hub.Services.GetRequiredService<RetentionWorker>();

    /// <param name="leadTime">Hub:Retention:ReviewLeadTime when a test needs two reviews and an expiry inside the CRL's week.</param>
    public static async Task<RetentionHub> StartAsync(bool schedule = false, bool intelligence = false, TimeSpan? leadTime = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        var fixture = new RetentionHub(time);
        fixture.Hub = await HubServer.StartAsync(time, extraArgs:
        [
            "--Hub:RegistryRefresh=00:00:00", $"--Hub:Intelligence:Enabled={intelligence}", $"--Hub:Retention:Enabled={schedule}",
            $"--Hub:Retention:ReviewLeadTime={leadTime ?? LifecycleRules.ReviewLeadTime}",
        ]);
        return fixture;
    }

    /// <summary>Submits <paramref name="from"/>'s message to <paramref name="to"/> retained until <paramref name="retainUntil"/>.</summary>
    public async Task<SentMessage> SubmitAsync(string from, string[] to, DateTimeOffset retainUntil, ulong sequence = 1, Action<HstMessage>? edit = null)
    {
        var envelope = Envelopes.Seal(Hub, from, to, sequence, m =>
        {
            m.Handling.RetainUntil = Timestamp.FromDateTimeOffset(retainUntil);
            edit?.Invoke(m);
        }, Time);
        var response = await Hub.Client(from).SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });
        var receipt = AcceptanceReceipt.Parser.ParseFrom(response.Receipt.Statement);
        var parsed = Envelope.Parser.ParseFrom(envelope);
        var header = EnvelopeHeader.Parser.ParseFrom(parsed.Header);
        return new SentMessage((long)receipt.HubSequence, header.MessageId.ToByteArray(), SHA256.HashData(parsed.Header.Span), envelope);
    }

    /// <summary>The content of a hub envelope as <paramref name="member"/>'s node opens it, verified on the hub's (fake) clock.</summary>
    public T Open<T>(Delivery delivery, string member, Google.Protobuf.MessageParser<T> parser)
        where T : class, IMessage<T>, new()
    {
        var opener = new EnvelopeOpener(new EnvelopeVerifier(Hub.Federation.CreateTrust(Time), HandlingPolicy.WithoutRegions));
        var opened = opener.OpenContent(delivery.Envelope.Memory, Hub.Credentials(member)).GetValueOrThrow();
        Assert.Equal(PartyId.Hub, opened.Verified.SenderParty);
        return opened.Parse(parser).GetValueOrThrow();
    }

    /// <summary>An order about <paramref name="sent"/> issued by <paramref name="issuer"/> now, naming it as its source.</summary>
    public LifecycleOrder Order(SentMessage sent, string issuer, Action<LifecycleOrder> action)
    {
        var order = new LifecycleOrder
        {
            Version = LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(MessageIds.NewId(Time.GetUtcNow(), SystemRandomSource.Instance)),
            MessageId = ByteString.CopyFrom(sent.MessageId),
            Source = PartyId.Member(issuer).Uri,
            HeaderSha256 = ByteString.CopyFrom(sent.HeaderSha256),
            Issuer = PartyId.Member(issuer).Uri,
            IssuedAtMs = Time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        action(order);
        return order;
    }

    /// <summary>Signs <paramref name="order"/> as <paramref name="caller"/> and sends it with Hub.Lifecycle as that member.</summary>
    public async Task<LifecycleResponse> SendAsync(string caller, LifecycleOrder order) =>
        await Hub.Client(caller).LifecycleAsync(new LifecycleRequest { Order = LifecycleOrders.Sign(order, Hub.Credentials(caller)) });

    /// <summary>The signed order a holder was sent, verified as its node verifies it (on the hub's clock).</summary>
    public LifecycleOrder VerifyOrder(Delivery delivery)
    {
        Assert.Equal(Delivery.ItemOneofCase.LifecycleOrder, delivery.ItemCase);
        return LifecycleOrders.Verify(delivery.LifecycleOrder, Hub.Federation.CreateTrust(Time)).GetValueOrThrow().Statement;
    }

    /// <summary>Runs `hst-hub <paramref name="args"/>` in-process against this hub's database, on the hub's clock.</summary>
    public async Task<Commands.CommandResult> CommandAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await global::HstFederation.Hub.Commands.HubCommandLine.RunAsync(
            [.. args, $"--Hub:DatabasePath={Path.Combine(Hub.Directory, "hub.db")}"], stdout, stderr, Time);
        return new Commands.CommandResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Moves the fake clock to exactly <paramref name="at"/>.</summary>
    public void SetTime(DateTimeOffset at) => Time.Advance(at - Time.GetUtcNow());

    /// <param name="whileStopped">Runs while no hub serves the files (`hst-hub restore`, say).</param>
    public async Task RestartAsync(Func<Task>? whileStopped = null) => Hub = await Hub.RestartAsync(whileStopped);

    public long Count(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}

internal sealed record SentMessage(long HubSequence, byte[] MessageId, byte[] HeaderSha256, byte[] Envelope);
