using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Subscriptions;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Services;

/// <summary>The whole exchange through a real hub: submit, receipt, delivery, acknowledgement, relayed receipt.</summary>
public sealed class SubmitAndDeliverTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Submit_ValidEnvelope_ReturnsAHubSignedReceiptNamingTheRecipients()
    {
        var envelope = Envelopes.Seal(_hub, "FR", ["DE", "IT"]);

        var response = await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

        var receipt = SignedStatements.Verify(response.Receipt, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, _hub.Trust, r => r.AcceptedAtMs).GetValueOrThrow();
        Assert.True(receipt.Signer.Party.IsHub);
        Assert.Equal(["urn:hst:member:DE", "urn:hst:member:IT"], receipt.Statement.Recipients.Order());
        Assert.False(response.Duplicate);
    }

    [Fact]
    public async Task Submit_SameEnvelopeTwice_ReturnsTheIdenticalReceipt()
    {
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) };

        var first = await _hub.Client("FR").SubmitAsync(request);
        var second = await _hub.Client("FR").SubmitAsync(request);

        Assert.Equal(first.Receipt, second.Receipt);
        Assert.True(second.Duplicate);
    }

    [Fact]
    public async Task Stop_WithAnOpenSubscription_EndsItAsUnavailableSayingTheHubIsStopping()
    {
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        var streams = _hub.Services.GetRequiredService<SubscriptionStream>();
        await Wait.UntilAsync(() => streams.Active == 1);

        var stopping = _hub.StopAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(cancel.Token));
        await stopping;

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("The hub is stopping", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_RecipientReceivesOpensAndAcknowledges_SourceGetsTheSignedDeliveryReceipt()
    {
        var envelope = Envelopes.Seal(_hub, "FR", ["DE"]);
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

        using var cancel = new CancellationTokenSource(Deadline);
        using var deStream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await deStream.ResponseStream.MoveNext(cancel.Token));
        var delivery = deStream.ResponseStream.Current;
        var opened = Envelopes.Opener(_hub).Open(delivery.Envelope.Memory, _hub.Credentials("DE")).GetValueOrThrow();
        var receipt = DeliveryReceipts.For(_hub, opened.Verified, "DE");

        var ack = await _hub.Client("DE").AcknowledgeAsync(new AcknowledgeRequest { Acknowledgements = { new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = receipt } } });
        Assert.Equal(1u, ack.Acknowledged);

        using var frStream = _hub.Client("FR").Subscribe(new SubscribeRequest { ReceiptBatches = true }, cancellationToken: cancel.Token);
        Assert.True(await frStream.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(receipt, Assert.Single(frStream.ResponseStream.Current.DeliveryReceiptBatch.Receipts));
    }

    /// <summary>
    /// THREATS row 27, the hub's side: streamed is not delivered. A member whose stream ended before it acknowledged
    /// subscribes again from the cursor it kept and gets the same deliveries again, under the same cursors; a subscription
    /// from past a delivery's cursor starts after it.
    /// </summary>
    [Fact]
    public async Task Subscribe_AgainFromTheCursorTheMemberKept_StreamsAgainWhatWasStreamedButNeverAcknowledged()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2)) });

        var first = await ReadAsync("DE", afterCursor: 0, count: 2);
        var again = await ReadAsync("DE", afterCursor: 0, count: 2);
        var rest = await ReadAsync("DE", afterCursor: first[0].Cursor, count: 1);

        Assert.Equal(first.Select(d => (d.Cursor, d.Envelope)), again.Select(d => (d.Cursor, d.Envelope)));
        Assert.Equal(first[1].Cursor, Assert.Single(rest).Cursor);
    }

    [Fact]
    public async Task Subscribe_SourceThatDoesNotTakeBatches_GetsEachReceiptOfTheBatchAsItsOwnItemUnderTheBatchsCursor_OneAcknowledgementDoesForAll()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2)) });
        using var cancel = new CancellationTokenSource(Deadline);
        using var deStream = _hub.Client("DE").Subscribe(new SubscribeRequest { ReceiptBatches = true }, cancellationToken: cancel.Token);
        var acks = new AcknowledgeRequest();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await deStream.ResponseStream.MoveNext(cancel.Token));
            var delivery = deStream.ResponseStream.Current;
            var opened = Envelopes.Opener(_hub).Open(delivery.Envelope.Memory, _hub.Credentials("DE")).GetValueOrThrow();
            acks.Acknowledgements.Add(new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = DeliveryReceipts.For(_hub, opened.Verified, "DE") });
        }

        await _hub.Client("DE").AcknowledgeAsync(acks);

        // A node from before receipt batches does not set receipt_batches: the call's two receipts, stored as one batch,
        // reach it as two single relays with the batch's one cursor.
        using var frStream = _hub.Client("FR").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        var relayed = new List<Protocol.V1.Delivery>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await frStream.ResponseStream.MoveNext(cancel.Token));
            relayed.Add(frStream.ResponseStream.Current);
        }

        Assert.Equal([acks.Acknowledgements[0].DeliveryReceipt, acks.Acknowledgements[1].DeliveryReceipt], relayed.Select(d => d.DeliveryReceipt));
        Assert.Single(relayed.Select(d => d.Cursor).Distinct());
        Assert.Equal(1L, HubInbox.Count(_hub, "SELECT count(*) FROM deliveries WHERE kind = 2 AND acked_at_ms IS NULL"));
        await _hub.Client("FR").AcknowledgeAsync(new AcknowledgeRequest { Acknowledgements = { new Acknowledgement { Cursor = relayed[0].Cursor } } });
        Assert.Equal(0L, HubInbox.Count(_hub, "SELECT count(*) FROM deliveries WHERE kind = 2 AND acked_at_ms IS NULL"));
    }

    [Fact]
    public async Task Acknowledge_ReceiptsSignedAsOneBatch_AreAccepted_AndEachIsRelayedWithAProofTheSourceChecksAlone()
    {
        var (deliveries, receipts) = await ThreeDeliveriesToDeWithBatchReceiptsAsync();
        var request = new AcknowledgeRequest();
        request.Acknowledgements.AddRange(deliveries.Zip(receipts, (d, r) => new Acknowledgement { Cursor = d.Cursor, DeliveryReceipt = r }));

        var ack = await _hub.Client("DE").AcknowledgeAsync(request);

        Assert.Equal(3u, ack.Acknowledged);
        using var cancel = new CancellationTokenSource(Deadline);
        using var frStream = _hub.Client("FR").Subscribe(new SubscribeRequest { ReceiptBatches = true }, cancellationToken: cancel.Token);
        Assert.True(await frStream.ResponseStream.MoveNext(cancel.Token));
        var relayed = frStream.ResponseStream.Current.DeliveryReceiptBatch.Receipts;
        Assert.Equal(receipts, relayed);
        Assert.All(relayed, r => Assert.Equal(3u, r.BatchProof.LeafCount));
        Assert.All(relayed, r => Assert.True(SignedStatements.Verify(r, StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, _hub.Trust, x => x.ReceivedAtMs).IsSuccess));
    }

    [Theory]
    [InlineData("leaf index")] // its path no longer fits the tree
    [InlineData("root signature")] // a proof of the right shape whose root signature is not the signer's (checked after the batch's first receipt verified)
    public async Task Acknowledge_OneReceiptOfTheBatchWithAWrongProof_IsReceiptInvalid_AndNothingIsAcknowledged(string wrong)
    {
        var (deliveries, receipts) = await ThreeDeliveriesToDeWithBatchReceiptsAsync();
        var forged = receipts[1].Clone();
        if (wrong == "leaf index")
        {
            forged.BatchProof.LeafIndex = 2;
        }
        else
        {
            var signature = forged.BatchProof.RootSignature.ToByteArray();
            signature[10] ^= 1;
            forged.BatchProof.RootSignature = ByteString.CopyFrom(signature);
        }

        var request = new AcknowledgeRequest();
        request.Acknowledgements.AddRange(deliveries.Zip([receipts[0], forged, receipts[2]], (d, r) => new Acknowledgement { Cursor = d.Cursor, DeliveryReceipt = r }));

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("DE").AcknowledgeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.ReceiptInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(0L, HubInbox.Count(_hub, "SELECT count(*) FROM deliveries WHERE kind = 1 AND acked_at_ms IS NOT NULL"));
    }

    /// <summary>Three envelopes FR → DE, read from DE's stream, and DE's receipts for them signed as one batch.</summary>
    private async Task<(List<Protocol.V1.Delivery> Deliveries, IReadOnlyList<SignedStatement> Receipts)> ThreeDeliveriesToDeWithBatchReceiptsAsync()
    {
        for (ulong sequence = 1; sequence <= 3; sequence++)
        {
            await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: sequence)) });
        }

        using var cancel = new CancellationTokenSource(Deadline);
        using var deStream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        var deliveries = new List<Protocol.V1.Delivery>();
        var verified = new List<Protocol.Envelope.VerifiedEnvelope>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await deStream.ResponseStream.MoveNext(cancel.Token));
            deliveries.Add(deStream.ResponseStream.Current);
            verified.Add(Envelopes.Opener(_hub).Open(deStream.ResponseStream.Current.Envelope.Memory, _hub.Credentials("DE")).GetValueOrThrow().Verified);
        }

        return (deliveries, DeliveryReceipts.ForBatch(_hub, verified, "DE"));
    }

    [Fact]
    public async Task Acknowledge_WithTheReceiptOfAnotherMessage_IsReceiptInvalidAndNothingIsAcknowledged()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2)) });
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));
        var first = stream.ResponseStream.Current;
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));
        var second = Envelopes.Opener(_hub).Open(stream.ResponseStream.Current.Envelope.Memory, _hub.Credentials("DE")).GetValueOrThrow();

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("DE").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = first.Cursor, DeliveryReceipt = DeliveryReceipts.For(_hub, second.Verified, "DE") } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.ReceiptInvalid, RejectionTrailer.Read(error)!.Reason);
    }

    /// <summary>
    /// A receipt that does not bind the header FR sent (all zeros, or another version) would let DE deny later having
    /// received it: refused, nothing acknowledged or relayed, and DE's stream goes on to the good receipt.
    /// </summary>
    [Theory]
    [InlineData("header zeros")]
    [InlineData("header of another message")]
    [InlineData("version 2")]
    public async Task Acknowledge_WithAReceiptNotBindingTheDeliveredHeader_IsReceiptInvalid_NothingAcknowledged_AndTheStreamGoesOn(string wrong)
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2)) });
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));
        var delivery = stream.ResponseStream.Current;
        var verified = Envelopes.Opener(_hub).Open(delivery.Envelope.Memory, _hub.Credentials("DE")).GetValueOrThrow().Verified;
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));
        var other = Envelopes.Opener(_hub).Open(stream.ResponseStream.Current.Envelope.Memory, _hub.Credentials("DE")).GetValueOrThrow().Verified;
        var forged = DeliveryReceipts.For(_hub, verified, "DE", receipt =>
        {
            switch (wrong)
            {
                case "header zeros": receipt.HeaderSha256 = ByteString.CopyFrom(new byte[32]); break;
                case "header of another message": receipt.HeaderSha256 = ByteString.CopyFrom(other.HeaderSha256.Span); break;
                default: receipt.Version = 2; break;
            }
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("DE").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = forged } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.ReceiptInvalid, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(0L, HubInbox.Count(_hub, "SELECT count(*) FROM deliveries WHERE acked_at_ms IS NOT NULL"));
        Assert.Equal(0L, HubInbox.Count(_hub, "SELECT count(*) FROM deliveries WHERE kind = 2"));

        var good = await DeliveryReceipts.AcknowledgeAsync(_hub, "DE", delivery, verified);

        Assert.Equal(1u, good.Acknowledged);
        Assert.Equal(1L, HubInbox.Count(_hub, "SELECT count(*) FROM deliveries WHERE kind = 2"));
    }

    [Fact]
    public async Task Acknowledge_EnvelopeWithoutAReceipt_IsReceiptInvalid()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("DE").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = stream.ResponseStream.Current.Cursor } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.ReceiptInvalid, RejectionTrailer.Read(error)!.Reason);
    }

    [Fact]
    public async Task Acknowledge_WithAReceiptSignedByAnotherMember_IsReceiptInvalidWithItsOneStatus()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE", "IT"])) });
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));
        var delivery = stream.ResponseStream.Current;
        var verified = Envelopes.Opener(_hub).Open(delivery.Envelope.Memory, _hub.Credentials("DE")).GetValueOrThrow().Verified;

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("DE").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = DeliveryReceipts.For(_hub, verified, "IT") } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.ReceiptInvalid, RejectionTrailer.Read(error)!.Reason);
    }

    [Fact]
    public async Task Acknowledge_MoreThanTheBatchLimit_IsSizeLimitExceededWithItsOneStatus()
    {
        var request = new AcknowledgeRequest();
        request.Acknowledgements.AddRange(Enumerable.Range(1, AcknowledgeHandler.MaxBatch + 1).Select(cursor => new Acknowledgement { Cursor = (ulong)cursor }));

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("DE").AcknowledgeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(RejectionReason.SizeLimitExceeded, RejectionTrailer.Read(error)!.Reason);
    }

    [Fact]
    public async Task Subscribe_AfterACursorBeyondAnyCursor_IsUnknownCursorWithItsOneStatus()
    {
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest { AfterCursor = ulong.MaxValue }, cancellationToken: cancel.Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(cancel.Token));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(RejectionReason.UnknownCursor, RejectionTrailer.Read(error)!.Reason);
    }

    [Theory]
    [InlineData((ulong)long.MaxValue + 1)]
    [InlineData(ulong.MaxValue)]
    public async Task Acknowledge_ACursorAbove2To63Minus1_IsUnknownCursorNamingItAsSent(ulong cursor)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("DE").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = cursor, LifecycleConfirmation = new SignedStatement() } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var rejection = RejectionTrailer.Read(error)!;
        Assert.Equal(RejectionReason.UnknownCursor, rejection.Reason);
        // Not the wrapped negative number a cast to long makes of it.
        Assert.Equal($"cursor {cursor} is beyond any cursor (above 2^63-1)", rejection.Detail);
    }

    [Fact]
    public async Task Acknowledge_AnotherMembersCursor_IsUnknownCursor()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("IT").AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = stream.ResponseStream.Current.Cursor } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(RejectionReason.UnknownCursor, RejectionTrailer.Read(error)!.Reason);
    }

    [Fact]
    public async Task Subscribe_NonAddressee_ReceivesNothingOfTheMessage()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["IT"], sequence: 2)) });

        using var cancel = new CancellationTokenSource(Deadline);
        using var itStream = _hub.Client("IT").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await itStream.ResponseStream.MoveNext(cancel.Token));

        var opened = Envelopes.Opener(_hub).Open(itStream.ResponseStream.Current.Envelope.Memory, _hub.Credentials("IT")).GetValueOrThrow();
        Assert.Equal(2UL, opened.Verified.Header.Sequence);
    }

    [Fact]
    public async Task Submit_EnvelopeSignedByAnotherMember_IsTransportIdentityMismatch()
    {
        var signedByDe = Envelopes.Seal(_hub, "DE", ["IT"]);

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(signedByDe) }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(RejectionReason.TransportIdentityMismatch, RejectionTrailer.Read(error)!.Reason);
        var messageId = EnvelopeHeader.Parser.ParseFrom(Envelope.Parser.ParseFrom(signedByDe).Header).MessageId.ToByteArray();
        var store = _hub.Services.GetRequiredService<HubStore>();
        Assert.Null(await store.FindAcceptedAsync(PartyId.Member("FR"), messageId));
        Assert.Null(await store.FindAcceptedAsync(PartyId.Member("DE"), messageId));
        Assert.Empty(await store.ReadDeliveriesAsync(PartyId.Member("IT"), 0, 10));
    }

    [Fact]
    public async Task Submit_TamperedEnvelope_IsRejectedWithTheEnvelopeReasonAndACorrelationId()
    {
        var envelope = Envelopes.Seal(_hub, "FR", ["DE"]);
        envelope[^5] ^= 0x01;

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) }).ResponseAsync);

        var detail = RejectionTrailer.Read(error)!;
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(RejectionReason.ContentHashMismatch, detail.Reason);
        Assert.False(string.IsNullOrEmpty(detail.CorrelationId));
    }

    [Fact]
    public async Task Submit_SequenceNumberUsedAgainForAnotherMessage_IsSequenceReused()
    {
        var first = Envelopes.Seal(_hub, "FR", ["DE"]);
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(first) });
        // A later one, numbered with a gap (the hub does not require consecutive numbers): the highest is not the refused one.
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: 4)) });
        var reused = Envelopes.Seal(_hub, "FR", ["DE"], sequence: 1);

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(reused) }).ResponseAsync);

        var detail = RejectionTrailer.Read(error)!;
        Assert.Equal(RejectionReason.SequenceReused, detail.Reason);
        // What a node restored from a backup numbers its next messages above (docs/protocol.md, RejectionDetail).
        Assert.Equal(4UL, detail.HighestAcceptedSequence);
        // What the sender's officer reads in `outbox`/`show` (a node that does not renumber by itself): why, and the way out.
        Assert.Contains("a node restored from a backup", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("the highest accepted from it being 4", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("send the message again", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// The first <paramref name="count"/> deliveries of a new subscription of <paramref name="code"/>, which then ends; fewer
    /// when no more came within the deadline (the stream waits for new deliveries rather than end).
    /// </summary>
    private async Task<List<Delivery>> ReadAsync(string code, ulong afterCursor, int count)
    {
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = _hub.Client(code).Subscribe(new SubscribeRequest { AfterCursor = afterCursor }, cancellationToken: cancel.Token);
        var read = new List<Delivery>();
        try
        {
            while (read.Count < count && await stream.ResponseStream.MoveNext(cancel.Token))
            {
                read.Add(stream.ResponseStream.Current);
            }
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancel.IsCancellationRequested)
        {
            // The deadline: what came is the answer.
        }

        return read;
    }
}
