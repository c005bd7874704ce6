using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Services;

/// <summary>
/// THREATS 21: an unexpected failure inside a call reaches the client only as Internal, "internal error" and a correlation
/// id; the exception goes to the hub's log under that id. Driven by a real fault: the hub's store closed under it.
/// </summary>
public sealed class ErrorInterceptorTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Submit_WhenTheStoreWasClosedUnderTheHub_IsInternalWithACorrelationIdAndNoExceptionText()
    {
        var envelope = Envelopes.Seal(_hub, "FR", ["DE"]);
        await _hub.Services.GetRequiredService<HubStore>().DisposeAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) }).ResponseAsync);

        var detail = RejectionTrailer.Read(error)!;
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(RejectionReason.Internal, detail.Reason);
        Assert.Equal("internal error", detail.Detail);
        Assert.False(string.IsNullOrEmpty(detail.CorrelationId));
        Assert.Equal($"Internal: internal error (correlation id {detail.CorrelationId})", error.Status.Detail);
        Assert.DoesNotContain(nameof(ObjectDisposedException), error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("closed", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(_hub.Logs.Entries, e => e.EventId == 102 && e.Message.Contains(detail.CorrelationId, StringComparison.Ordinal));
    }
}
