using Grpc.Core;
using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>Agencies outside their scope are denied, and never learn that an out-of-scope message exists.</summary>
public sealed class AgencyScopeTests : AgencyTestBase
{
    [Fact]
    public async Task Submit_WithoutMaySubmit_IsPermissionDenied_AndNothingIsQueued()
    {
        var agency = await Node.RegisterAsync("labour-inspectorate", Scopes.ReadOnly("all", "all"));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.SubmitAsync(new AgencySubmitRequest { Message = SampleMessages.Realistic(DateTimeOffset.UtcNow), Members = { "DE" } }));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith("OUT_OF_SCOPE: urn:hst:agency:FR:labour-inspectorate: this agency may not submit", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Node.Store.OutboxBeforeAsync(null, 10));
    }

    [Fact]
    public async Task NewAgency_DefaultScope_MayNeitherSubmitNorSearchNorSeeAnything()
    {
        var agency = await Node.RegisterAsync("new-agency");
        await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await client.SubmitAsync(new AgencySubmitRequest { Message = SampleMessages.Minimal(DateTimeOffset.UtcNow) }))).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await client.SearchAsync(new AgencySearchRequest { Query = "FR-2026-0001" }))).StatusCode);
        Assert.Empty((await client.ListInboxAsync(new AgencyListRequest())).Messages);
    }

    [Fact]
    public async Task ReadOutsideHandlingScope_IsNotFoundLikeAMissingMessage_AndNotListed()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("H0,H1", "all"));
        var h1 = await Node.ReceiveAsync(Message(HandlingCode.H1, CrimeType.MigrantSmuggling));
        var h3 = await Node.ReceiveAsync(Message(HandlingCode.H3, CrimeType.MigrantSmuggling));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var readable = await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(h1) });
        var hidden = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(h3) }));
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = "0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e" }));

        Assert.Equal(HandlingCode.H1, readable.Message.Handling.Code);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(Shape(missing.Status.Detail), Shape(hidden.Status.Detail));
        var listed = await client.ListInboxAsync(new AgencyListRequest());
        Assert.Equal([JsonTranscodingTests.MessageIdText(h1)], listed.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task ReadOutsideCrimeTypeScope_IsNotVisible_EvenWhenOnlyOneOfItsCrimeTypesIsOutside()
    {
        var agency = await Node.RegisterAsync("labour-inspectorate", Scopes.ReadOnly("all", "trafficking-forced-labour", maySearch: true));
        var labour = await Node.ReceiveAsync(Message(HandlingCode.H1, CrimeType.TraffickingForcedLabour));
        var mixed = await Node.ReceiveAsync(Message(HandlingCode.H1, CrimeType.TraffickingForcedLabour, CrimeType.TraffickingSexualExploitation));
        await Node.ReceiveAsync(Message(HandlingCode.H1, CrimeType.MigrantSmuggling));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var listed = await client.ListInboxAsync(new AgencyListRequest());
        var found = await client.SearchAsync(new AgencySearchRequest { Query = "FR-2026-0001", Kind = "reference" });

        Assert.Equal([JsonTranscodingTests.MessageIdText(labour)], listed.Messages.Select(m => m.MessageId));
        Assert.Equal([JsonTranscodingTests.MessageIdText(labour)], found.Messages.Select(m => m.MessageId));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(mixed) }))).StatusCode);
    }

    /// <summary>
    /// A received case with an UNSPECIFIED crime type beside one in scope (the validator refuses it, but a node stores what
    /// another sent): list, search and read agree to hide it from a scope listing crime types, whether its row was indexed
    /// now (the 0 kept) or by a node that dropped the 0 (the list's rows pass AgencyVisibility as the read does).
    /// </summary>
    [Fact]
    public async Task UnspecifiedCrimeType_BesideOneInScope_IsHiddenByListSearchAndRead_AlikeForARowIndexedWithoutIt()
    {
        var agency = await Node.RegisterAsync("smuggling-unit", Scopes.ReadOnly("all", "migrant-smuggling", maySearch: true));
        var everything = await Node.RegisterAsync("analysts", Scopes.ReadOnly("all", "all", maySearch: true));
        var plain = await Node.ReceiveAsync(Message(HandlingCode.H1, CrimeType.MigrantSmuggling));
        var mixed = await Node.ReceiveAsync(Message(HandlingCode.H1, CrimeType.Unspecified, CrimeType.MigrantSmuggling));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var analysts = Node.Grpc(everything.Certificate, out var analystsChannel);
        using var __ = analystsChannel;
        var expected = new[] { JsonTranscodingTests.MessageIdText(plain) };

        Assert.Equal(1, Count("SELECT COUNT(*) FROM message_crime_types WHERE crime_type = 0;"));
        Assert.Equal(expected, (await client.ListInboxAsync(new AgencyListRequest())).Messages.Select(m => m.MessageId));
        Assert.Equal(expected, (await client.SearchAsync(new AgencySearchRequest { Query = "FR-2026-0001", Kind = "reference" })).Messages.Select(m => m.MessageId));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = JsonTranscodingTests.MessageIdText(mixed) }))).StatusCode);
        Assert.Equal(2, (await analysts.ListInboxAsync(new AgencyListRequest())).Messages.Count);

        // As a node before this rule left the row: its 0 dropped from the index. The list still agrees with the read.
        using (var connection = Node.Store.Database.OpenWriterConnection())
        {
            connection.Execute("DELETE FROM message_crime_types WHERE crime_type = 0;");
        }

        Assert.Equal(expected, (await client.ListInboxAsync(new AgencyListRequest())).Messages.Select(m => m.MessageId));
        Assert.Equal(expected, (await client.SearchAsync(new AgencySearchRequest { Query = "FR-2026-0001", Kind = "reference" })).Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Search_WithoutMaySearch_IsPermissionDenied()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("all", "all", maySearch: false));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.SearchAsync(new AgencySearchRequest { Query = "Zuwara" }));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("may not search", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_FindsEntitiesThroughTheIndex_OnlyInReadableMessages()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.ReadOnly("H0,H1", "all", maySearch: true));
        var readable = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        readable.Handling.Code = HandlingCode.H1;
        var hidden = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        hidden.Handling.Code = HandlingCode.H3;
        var readableId = await Node.ReceiveAsync(readable);
        await Node.ReceiveAsync(hidden);
        await Node.ReceiveAsync(SampleMessages.Minimal(DateTimeOffset.UtcNow));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var byDocument = await client.SearchAsync(new AgencySearchRequest { Query = "FT 204518", Kind = "document" });
        var byName = await client.SearchAsync(new AgencySearchRequest { Query = "kovalchuk" });
        var none = await client.SearchAsync(new AgencySearchRequest { Query = "LY0000000", Kind = "document" });
        var badKind = await Assert.ThrowsAsync<RpcException>(async () => await client.SearchAsync(new AgencySearchRequest { Query = "x", Kind = "dna" }));

        Assert.Equal([JsonTranscodingTests.MessageIdText(readableId)], byDocument.Messages.Select(m => m.MessageId));
        Assert.Equal([JsonTranscodingTests.MessageIdText(readableId)], byName.Messages.Select(m => m.MessageId));
        Assert.Empty(none.Messages);
        Assert.Equal(StatusCode.InvalidArgument, badKind.StatusCode);
    }

    [Fact]
    public async Task UnregisteredAgency_IsPermissionDenied_WithItsIdentityInTheReason()
    {
        var certificate = Node.National.IssueAgency("unknown-agency").ToX509Certificate2();
        var client = Node.Grpc(certificate, out var channel);
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListInboxAsync(new AgencyListRequest()));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith("AGENCY_NOT_REGISTERED: urn:hst:agency:FR:unknown-agency is not registered", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledAgency_IsPermissionDenied_OnEveryCall()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        await Node.Store.SetAgencyDisabledAsync("border-police", true, AgencyNode.Operator);
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListOutboxAsync(new AgencyListRequest()));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith("AGENCY_DISABLED: ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_ShowsOwnSubmissions_AndOthersOnlyInsideTheReadScope()
    {
        var police = await Node.RegisterAsync("border-police", new AgencyScope(true, false, ScopeSet<HandlingCode>.None, ScopeSet<CrimeType>.None));
        var other = await Node.RegisterAsync("immigration", new AgencyScope(true, false, ScopeSet<HandlingCode>.None, ScopeSet<CrimeType>.None));
        var policeClient = Node.Grpc(police.Certificate, out var policeChannel);
        using var _ = policeChannel;
        var otherClient = Node.Grpc(other.Certificate, out var otherChannel);
        using var __ = otherChannel;
        var submitted = await policeClient.SubmitAsync(new AgencySubmitRequest { Message = SampleMessages.Minimal(DateTimeOffset.UtcNow), Members = { "DE" } });

        var own = await policeClient.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId });
        var theirs = await otherClient.ListOutboxAsync(new AgencyListRequest());

        Assert.Equal(submitted.MessageId, own.Summary.MessageId);
        Assert.Empty(theirs.Messages);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await otherClient.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId }))).StatusCode);
    }

    private static HstMessage Message(HandlingCode handling, params CrimeType[] crimeTypes)
    {
        var message = SampleMessages.Minimal(DateTimeOffset.UtcNow);
        message.Handling.Code = handling;
        message.Case.CrimeTypes.Clear();
        message.Case.CrimeTypes.AddRange(crimeTypes);
        return message;
    }

    /// <summary>The refusal text with the message id and correlation id taken out.</summary>
    private static string Shape(string detail) =>
        System.Text.RegularExpressions.Regex.Replace(detail, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|correlation id [^)]*", "*");
}
