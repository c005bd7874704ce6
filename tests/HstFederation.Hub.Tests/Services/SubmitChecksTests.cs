using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Crypto;
using HstFederation.Testing.Envelope;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Services;

/// <summary>Submit's checks above the envelope layer, storage faults, and what the hub must never hold.</summary>
public sealed class SubmitChecksTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: ["--Hub:RegistryRefresh=00:00:00", "--Hub:SubmitWindow=00:02:00"]);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    [Fact]
    public async Task Submit_ToAMemberNotActive_IsRecipientNotEnrolledAndNothingIsStored()
    {
        await Store.SetMemberStatusAsync(PartyId.Member("IT"), MemberStatus.Suspended, "test");

        var error = await SubmitAsync("FR", Envelopes.Seal(_hub, "FR", ["DE", "IT"]));

        Assert.Equal(RejectionReason.RecipientNotEnrolled, RejectionTrailer.Read(error)!.Reason);
        Assert.Equal("urn:hst:member:IT is not an active member: suspended at the hub (it may be reinstated; send again then)", RejectionTrailer.Read(error)!.Detail);
        Assert.Empty(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    [Fact]
    public async Task Submit_CreatedBeforeTheSubmitWindow_IsCreatedTooLongAgo()
    {
        var fourMinutesAgo = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-4));

        var error = await SubmitAsync("FR", Envelopes.Seal(_hub, "FR", ["DE"], clock: fourMinutesAgo));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(RejectionReason.CreatedTooLongAgo, RejectionTrailer.Read(error)!.Reason);
    }

    [Fact]
    public async Task Submit_RetryAfterARecipientWasSuspended_StillReturnsTheOriginalReceipt()
    {
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) };
        var first = await _hub.Client("FR").SubmitAsync(request);
        await Store.SetMemberStatusAsync(PartyId.Member("DE"), MemberStatus.Suspended, "test");

        var retry = await _hub.Client("FR").SubmitAsync(request);

        Assert.True(retry.Duplicate);
        Assert.Equal(first.Receipt, retry.Receipt);
    }

    [Fact]
    public async Task Submit_RetryAfterTheRegionItAddressedWasRedefinedWithoutTheRecipient_StillReturnsTheOriginalReceipt()
    {
        await Store.DefineRegionAsync("schengen", [PartyId.Member("DE"), PartyId.Member("IT")], "test");
        var policy = new HandlingPolicy(new Dictionary<string, IReadOnlyCollection<string>> { ["schengen"] = ["DE", "IT"] });
        var envelope = Envelopes.Seal(_hub, "FR", ["DE", "IT"], policy: policy, edit: m =>
        {
            m.Handling.Addressees.Members.Clear();
            m.Handling.Addressees.Regions.Add("schengen");
        });
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) };
        var fr = _hub.Client("FR");
        var first = await fr.SubmitAsync(request);
        await Store.DefineRegionAsync("schengen", [PartyId.Member("IT")], "test");

        var retry = await fr.SubmitAsync(request);

        Assert.True(retry.Duplicate);
        Assert.Equal(first.Receipt, retry.Receipt);
        Assert.Single(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    [Fact]
    public async Task Submit_RetryByASenderSuspendedSinceItWasAccepted_ReturnsTheOriginalReceiptButNothingNewIsAccepted()
    {
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) };
        var first = await _hub.Client("FR").SubmitAsync(request);
        await Store.SetMemberStatusAsync(PartyId.Member("FR"), MemberStatus.Suspended, "test");

        var retry = await _hub.Client("FR").SubmitAsync(request);
        var another = await SubmitAsync("FR", Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2));

        Assert.True(retry.Duplicate);
        Assert.Equal(first.Receipt, retry.Receipt);
        Assert.Equal(StatusCode.PermissionDenied, another.StatusCode);
        Assert.Equal(RejectionReason.PermissionDenied, RejectionTrailer.Read(another)!.Reason);
        Assert.Single(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    [Fact]
    public async Task Submit_BySuspendedMember_OfTheSameMessageIdWithOtherContentOrGarbage_IsPermissionDenied()
    {
        var createdAt = TimeProvider.System.GetUtcNow();
        byte[] Forge(string summary) => new EnvelopeForge(new DeterministicRandomSource("suspended-replay"))
        {
            Message = SampleWithSummary(summary),
            Signer = _hub.Credentials("FR"),
            Recipients = [_hub.Credentials("DE").Encryption],
            CreatedAt = createdAt,
        }.Build();
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Forge("original")) });
        await Store.SetMemberStatusAsync(PartyId.Member("FR"), MemberStatus.Suspended, "test");

        var otherContent = await SubmitAsync("FR", Forge("other content, same message id"));
        var garbage = await SubmitAsync("FR", [1, 2, 3]);

        Assert.All([otherContent, garbage], error => Assert.Equal(RejectionReason.PermissionDenied, RejectionTrailer.Read(error)!.Reason));
        Assert.Single(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    [Fact]
    public async Task Submit_AddressedToTheGeneralSecretariatAlone_IsAcceptedWithNoDeliveries()
    {
        var envelope = Envelopes.Seal(_hub, "FR", [PartyId.HubCode], edit: m => m.Handling.Addressees.AllMembers = true);

        var response = await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

        Assert.False(response.Duplicate);
        Assert.Empty(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    [Fact]
    public async Task Subscribe_MemberSuspendedWhileStreaming_TheStreamEndsWithPermissionDenied()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = _hub.Client("IT").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["IT"])) });
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));

        await Store.SetMemberStatusAsync(PartyId.Member("IT"), MemberStatus.Suspended, "test");

        var error = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    /// <summary>
    /// The hub cannot read this message, so nothing but the shape step stood between the member's signed retention date and
    /// the conversion the hub's lifecycle row makes as it accepts the message, which threw out of the accepting write.
    /// </summary>
    [Fact]
    public async Task Submit_SignedRetainUntilNoDateHolds_IsMalformedHeader_AndTheNextMessageIsAccepted()
    {
        var forged = UnreadableWithRetainUntil("retain-until-out-of-range", new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue });

        var error = await SubmitAsync("FR", forged);
        var next = await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2)) });

        Assert.Equal(RejectionReason.MalformedHeader, RejectionTrailer.Read(error)!.Reason);
        Assert.Contains("handling.retain_until", RejectionTrailer.Read(error)!.Detail, StringComparison.Ordinal);
        Assert.False(next.Duplicate);
        Assert.Single(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    /// <summary>
    /// A retention date a Timestamp holds but before 1970-01-01T00:00:00.001Z: accepted, its lifecycle row would carry a
    /// retain_until_ms of 0 or below, and the retention worker would expire the message the moment it was accepted.
    /// </summary>
    [Fact]
    public async Task Submit_SignedRetainUntilBefore1970_IsMalformedHeader_AndNothingIsStored()
    {
        var forged = UnreadableWithRetainUntil("retain-until-before-1970", new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 0, Nanos = 999_999 });

        var error = await SubmitAsync("FR", forged);

        Assert.Equal(RejectionReason.MalformedHeader, RejectionTrailer.Read(error)!.Reason);
        Assert.Contains("handling.retain_until is not a signed time", RejectionTrailer.Read(error)!.Detail, StringComparison.Ordinal);
        Assert.Empty(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    /// <summary>FR to DE, a message the hub may not read, its signed header naming <paramref name="retainUntil"/>.</summary>
    private byte[] UnreadableWithRetainUntil(string seed, Google.Protobuf.WellKnownTypes.Timestamp retainUntil) =>
        new EnvelopeForge(new DeterministicRandomSource(seed))
        {
            Message = SampleWithSummary("the hub may not read this"),
            Signer = _hub.Credentials("FR"),
            Recipients = [_hub.Credentials("DE").Encryption],
            CreatedAt = TimeProvider.System.GetUtcNow(),
            MutateHeader = header => header.Handling.RetainUntil = retainUntil,
        }.Build();

    [Fact]
    public async Task Submit_SameMessageIdWithOtherContent_IsReplayAndTheFirstIsKept()
    {
        var createdAt = TimeProvider.System.GetUtcNow();
        byte[] Forge(string summary) => new EnvelopeForge(new DeterministicRandomSource("replay"))
        {
            Message = SampleWithSummary(summary),
            Signer = _hub.Credentials("FR"),
            Recipients = [_hub.Credentials("DE").Encryption],
            CreatedAt = createdAt,
        }.Build();
        var original = Forge("original");
        var other = Forge("other content, same message id");
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(original) });

        var error = await SubmitAsync("FR", other);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal(RejectionReason.Replay, RejectionTrailer.Read(error)!.Reason);
        Assert.Single(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    [Fact]
    public async Task Subscribe_SendingDeliveries_IsAudited()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = _hub.Client("DE").Subscribe(new SubscribeRequest(), cancellationToken: cancel.Token);
        Assert.True(await stream.ResponseStream.MoveNext(cancel.Token));

        while (!AuditedActions().Contains("deliver"))
        {
            await Task.Delay(20, cancel.Token);
        }

        Assert.True(HubAudit.Verify(Store.Database).IsIntact);
    }

    [Fact]
    public async Task Submit_Rejection_IsAuditedWithItsReasonAndTheChainVerifies()
    {
        var envelope = Envelopes.Seal(_hub, "FR", ["DE"]);
        envelope[^3] ^= 0x10;

        await SubmitAsync("FR", envelope);

        var stats = await Store.StatsAsync();
        Assert.Equal(1, stats.RejectionsByReason[RejectionReason.ContentHashMismatch]);
        Assert.True(HubAudit.Verify(Store.Database).IsIntact);
    }

    [Fact]
    public async Task Submit_DirectExchangeTheHubMayNotRead_LeavesNoPlaintextInTheHubsFiles()
    {
        const string canary = "CANARY-7f3a9c-do-not-store";
        var envelope = Envelopes.Seal(_hub, "FR", ["DE"], edit: m => m.Case.Summary = canary);

        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });

        var needle = Encoding.UTF8.GetBytes(canary);
        foreach (var file in System.IO.Directory.GetFiles(_hub.Directory, "hub.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(file)} contains the canary");
        }

        Assert.NotEmpty(await Store.ReadDeliveriesAsync(PartyId.Member("DE"), 0, 10));
    }

    [Fact]
    public async Task Submit_WhenTheDiskIsFull_IsUnavailableWithRetryAfterAndHealthTurnsThenRecovers()
    {
        var pages = await Store.SetMaxPageCountAsync(1);
        var health = new Health.HealthClient(_hub.Channel(_hub.TlsCertificate("FR")));

        var error = await SubmitAsync("FR", Envelopes.Seal(_hub, "FR", ["DE"]));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(RejectionReason.StorageFull, RejectionTrailer.Read(error)!.Reason);
        Assert.True(RejectionTrailer.Read(error)!.RetryAfterMs > 0);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);

        await Store.SetMaxPageCountAsync(pages + 100_000);
        var accepted = await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        Assert.False(accepted.Duplicate);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    private async Task<RpcException> SubmitAsync(string from, byte[] envelope) =>
        await Assert.ThrowsAsync<RpcException>(() => _hub.Client(from).SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) }).ResponseAsync);

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static HstMessage SampleWithSummary(string summary)
    {
        var message = SampleMessages.Realistic(TimeProvider.System.GetUtcNow());
        message.Case.Summary = summary;
        message.Handling.Addressees = new Addressees();
        message.Handling.Addressees.Members.Add("DE");
        message.Handling.HubMayRead = false;
        message.Handling.Code = HandlingCode.H1;
        return message;
    }

    private List<string> AuditedActions()
    {
        using var connection = Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT action FROM audit";
        using var reader = command.ExecuteReader();
        var actions = new List<string>();
        while (reader.Read())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }
}
