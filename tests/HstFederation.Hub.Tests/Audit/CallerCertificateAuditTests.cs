using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Subscriptions;
using HstFederation.Hub.Tests.Commands;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Hub.Tests.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Audit;

/// <summary>
/// Over a real hub (mutual TLS, real SQLite): FR holds two TLS client certificates at once, its first and one renewed by the
/// federation CA (a renewal's overlap, or two nodes holding FR's credentials). The audit names the certificate each call came
/// through, and `hst-hub ledger` the one each message was submitted through (docs/hub.md#audit-log).
/// </summary>
public sealed class CallerCertificateAuditTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private HubServer _hub = null!;
    private X509Certificate2 _first = null!;
    private X509Certificate2 _renewed = null!;

    public async Task InitializeAsync()
    {
        // The registry read on every call: a suspension counts at once.
        _hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");
        _first = _hub.TlsCertificate("FR");
        _renewed = _hub.Federation.Pki.IssueTls(PartyId.Member("FR")).ToX509Certificate2();
        Assert.NotEqual(_first.SerialNumber, _renewed.SerialNumber);
    }

    public async Task DisposeAsync()
    {
        _first.Dispose();
        _renewed.Dispose();
        await _hub.DisposeAsync();
    }

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    [Fact]
    public async Task Ledger_FrSubmitsThroughItsFirstAndItsRenewedCertificate_NamesTheSerialEachMessageCameThrough()
    {
        var a = await SubmitAsync(_first, Seal("FR", 1));
        var b = await SubmitAsync(_renewed, Seal("FR", 2));

        var textA = await LedgerChecks.LedgerCommandAsync(_hub, MessageIds.Format(a));
        var textB = await LedgerChecks.LedgerCommandAsync(_hub, MessageIds.Format(b));
        var jsonB = await LedgerChecks.LedgerCommandAsync(_hub, MessageIds.Format(b), "--json");

        Assert.True(textA.ExitCode == 0, textA.ToString());
        Assert.Contains($"Submitted through TLS client certificate {_first.SerialNumber}", textA.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(_renewed.SerialNumber, textA.Out, StringComparison.Ordinal);
        Assert.Contains($"Submitted through TLS client certificate {_renewed.SerialNumber}", textB.Out, StringComparison.Ordinal);
        Assert.Matches($@"urn:hst:member:FR\s+{_renewed.SerialNumber}\s+accept\s+hub_sequence=2 ", textB.Out);
        Assert.DoesNotContain(_first.SerialNumber, textB.Out, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(jsonB.Out);
        Assert.Equal(_renewed.SerialNumber, json.RootElement.GetProperty("submittedWith").GetString());
        var audit = json.RootElement.GetProperty("audit").EnumerateArray().ToList();
        Assert.Equal(_renewed.SerialNumber, audit.Single(entry => entry.GetProperty("action").GetString() == AuditActions.Accept).GetProperty("certificate").GetString());
        // The operator's look is audited under the message too, through no certificate.
        Assert.Equal(JsonValueKind.Null, audit.First(entry => entry.GetProperty("action").GetString() == "ledger").GetProperty("certificate").ValueKind);

        Assert.True(HubAudit.Verify(Store.Database).IsIntact);
    }

    [Fact]
    public async Task Audit_CallsThroughEitherCertificate_EachEntryNamesTheOneItCameThrough()
    {
        var sealedA = SealedBy("FR", 1);
        await SubmitAsync(_first, sealedA.Bytes.ToArray());

        // Refused: an envelope DE signed, over FR's renewed connection.
        var error = await Assert.ThrowsAsync<RpcException>(() => Client(_renewed).SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Seal("DE", 1)) }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);

        // DE streams and acknowledges through its own certificate.
        var delivery = Assert.Single(await Inbox.ReceiveAsync(_hub, "DE", 1));
        await DeliveryReceipts.AcknowledgeAsync(_hub, "DE", delivery, Inbox.OpenContent(_hub, delivery, "DE").Verified);
        var streams = _hub.Services.GetRequiredService<SubscriptionStream>();
        await Wait.UntilAsync(() => streams.Active == 0);

        // FR recalls through the renewed one.
        var recall = LifecycleClient.Sign(_hub, LifecycleClient.Order(sealedA, "FR"), "FR");
        await Client(_renewed).LifecycleAsync(new LifecycleRequest { Order = recall });

        // DE confirms the recall it is streamed.
        var order = Assert.Single(await Inbox.ReceiveAsync(_hub, "DE", 1, delivery.Cursor));
        await LifecycleClient.ConfirmAsync(_hub, "DE", order, LifecycleOutcome.Purged);
        await Wait.UntilAsync(() => streams.Active == 0);

        var de = _hub.TlsCertificate("DE").SerialNumber;
        (string, string, string?)[] expected =
            [
                ("urn:hst:member:FR", AuditActions.Accept, _first.SerialNumber),
                ("urn:hst:member:FR", AuditActions.Reject, _renewed.SerialNumber),
                ("urn:hst:member:DE", AuditActions.Subscribe, de),
                ("urn:hst:member:DE", AuditActions.Deliver, de),
                ("urn:hst:member:DE", AuditActions.Acknowledge, de),
                ("urn:hst:member:FR", AuditActions.Lifecycle, _renewed.SerialNumber),
                // DE's second stream opened within the minute: its opening is not audited again, its page is.
                ("urn:hst:member:DE", AuditActions.Deliver, de),
                ("urn:hst:member:DE", AuditActions.LifecycleConfirmation, de),
            ];

        // In any order: DE's acknowledgement may commit before its stream's page entry does.
        Assert.Equal(expected.Order(), Entries("actor LIKE 'urn:hst:member:%'").Order());

        // What the hub and the operators write came over no member's connection.
        Assert.All(Entries("actor NOT LIKE 'urn:hst:member:%'"), entry => Assert.Null(entry.Certificate));
        Assert.True(HubAudit.Verify(Store.Database).IsIntact);
    }

    /// <summary>
    /// A retry after a lost response, answered from the look-up before anything else is checked (it never reaches the
    /// accepting transaction), is audited as the transaction audits the copies it finds stored.
    /// </summary>
    [Fact]
    public async Task Audit_RetryAnsweredByTheLookUp_LeavesOneDuplicateEntryNamingTheCertificateItCameThrough()
    {
        var envelope = Seal("FR", 1);
        var messageId = await SubmitAsync(_first, envelope);

        var retry = await Client(_renewed).SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });
        var ledger = await LedgerChecks.LedgerCommandAsync(_hub, MessageIds.Format(messageId));

        Assert.True(retry.Duplicate);
        Assert.Equal([("urn:hst:member:FR", AuditActions.Duplicate, _renewed.SerialNumber)], Entries("action = 'duplicate'"));
        Assert.Equal(["hub_sequence=1"], Details("action = 'duplicate'"));
        Assert.True(ledger.ExitCode == 0, ledger.ToString());
        Assert.Matches($@"urn:hst:member:FR\s+{_renewed.SerialNumber}\s+duplicate\s+hub_sequence=1\b", ledger.Out);
        Assert.True(HubAudit.Verify(Store.Database).IsIntact);
    }

    /// <summary>
    /// Two copies of one envelope sent at once both miss the look-up (nothing is committed while the writer is held); the
    /// accepting transaction stores the first and answers the second as a duplicate, audited there and nowhere else.
    /// </summary>
    [Fact]
    public async Task Audit_RetryCaughtByTheAcceptingTransaction_LeavesOneDuplicateEntryNamingTheCertificateItCameThrough()
    {
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(Seal("FR", 1)) };
        // Whatever the start left queued is committed first, so the writes counted below are the two submissions.
        await Store.AuditAsync("test", "barrier", null, "the start's writes are done");
        Task<SubmitResponse> first, second;
        await using (var gate = WriterGate.Close(Store))
        {
            first = Client(_first).SubmitAsync(request).ResponseAsync;
            gate.WaitForQueued(1);
            second = Client(_renewed).SubmitAsync(request).ResponseAsync;
            gate.WaitForQueued(2);
            await gate.OpenAsync();
        }

        var answers = new[] { (await first.WaitAsync(Deadline), _first), (await second.WaitAsync(Deadline), _renewed) };

        var (duplicate, through) = Assert.Single(answers, answer => answer.Item1.Duplicate);
        Assert.Equal(answers[0].Item1.Receipt, answers[1].Item1.Receipt);
        Assert.Equal([("urn:hst:member:FR", AuditActions.Duplicate, through.SerialNumber)], Entries("action = 'duplicate'"));
        Assert.Equal(["hub_sequence=1"], Details("action = 'duplicate'"));
        Assert.Single(Entries("action = 'accept'"));
        Assert.True(HubAudit.Verify(Store.Database).IsIntact);
    }

    [Fact]
    public async Task Audit_FrOpensStreamsInALoop_OneSubscribeEntryPerCertificateAMinute_NotOnePerStream()
    {
        var streams = _hub.Services.GetRequiredService<SubscriptionStream>();
        foreach (var certificate in new[] { _first, _first, _first, _first, _first, _renewed })
        {
            using (var call = Client(certificate).Subscribe(new SubscribeRequest()))
            {
                await Wait.UntilAsync(() => streams.Active == 1);
            }

            await Wait.UntilAsync(() => streams.Active == 0);
        }

        // The writer commits in the order it is given entries: once the last stream's is in, every earlier one is.
        await Wait.UntilAsync(() => Entries("action = 'subscribe'").Any(e => e.Certificate == _renewed.SerialNumber));
        Assert.Equal(
            [("urn:hst:member:FR", AuditActions.Subscribe, _first.SerialNumber), ("urn:hst:member:FR", AuditActions.Subscribe, _renewed.SerialNumber)],
            Entries("action = 'subscribe'"));
    }

    [Fact]
    public async Task Audit_SuspendedFrSubscribesThroughItsRenewedCertificate_TheDenyEntryNamesIt()
    {
        await Store.SetMemberStatusAsync(PartyId.Member("FR"), MemberStatus.Suspended, "test");

        using var call = Client(_renewed).Subscribe(new SubscribeRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal([("urn:hst:member:FR", AuditActions.Deny, _renewed.SerialNumber)], Entries("action = 'deny'"));
    }

    private Protocol.V1.Hub.HubClient Client(X509Certificate2 certificate) => new(_hub.Channel(certificate));

    private async Task<byte[]> SubmitAsync(X509Certificate2 certificate, byte[] envelope)
    {
        var response = await Client(certificate).SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });
        var receipt = SignedStatements.Verify(response.Receipt, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, _hub.Trust, r => r.AcceptedAtMs).GetValueOrThrow();
        return receipt.Statement.MessageId.ToByteArray();
    }

    private byte[] Seal(string from, ulong sequence) => SealedBy(from, sequence).Bytes.ToArray();

    /// <summary>A message from <paramref name="from"/> to DE, as its node seals it.</summary>
    private SealedEnvelope SealedBy(string from, ulong sequence)
    {
        var now = TimeProvider.System.GetUtcNow();
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        return new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions)
            .Seal(message, _hub.Credentials(from), [_hub.Credentials("DE").Encryption], new SealOptions { Sequence = sequence });
    }

    private List<string> Details(string where)
    {
        using var connection = Store.Database.OpenReadConnection();
        return connection.Query(
            $"SELECT detail FROM audit WHERE {where} ORDER BY seq;",
            reader =>
            {
                var rows = new List<string>();
                while (reader.Read())
                {
                    rows.Add(reader.GetString(0));
                }

                return rows;
            });
    }

    private List<(string Actor, string Action, string? Certificate)> Entries(string where)
    {
        using var connection = Store.Database.OpenReadConnection();
        return connection.Query(
            $"SELECT actor, action, certificate FROM audit WHERE {where} ORDER BY seq;",
            reader =>
            {
                var rows = new List<(string, string, string?)>();
                while (reader.Read())
                {
                    rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }

                return rows;
            });
    }
}
