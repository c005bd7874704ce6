using Grpc.Core;
using HstFederation.Hub.Subscriptions;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Security;
using HstFederation.Hub.Intake;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Releases;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Services;

/// <summary>hst.v1.Hub: a thin adapter; authorisation happened in the interceptor, the work is in the handlers.</summary>
internal sealed class HubGrpcService(
    AuthorizationInterceptor authorization, SubmitHandler submit, SubscriptionStream subscriptions, AcknowledgeHandler acknowledge,
    ReleaseHandler release, LifecycleHandler lifecycle, DirectoryPublisher directory, AuditHeadPublisher auditHead, IHostApplicationLifetime lifetime)
    : Protocol.V1.Hub.HubBase
{
    public override Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context) =>
        submit.SubmitAsync(Caller.Of(context), request, () => authorization.RequireAsync(context, CallerRole.ActiveMember), context.CancellationToken);

    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<Protocol.V1.Delivery> responseStream, ServerCallContext context)
    {
        if (request.AfterCursor > long.MaxValue)
        {
            throw HubRejectionException.Of(RejectionReason.UnknownCursor, "after_cursor is beyond any cursor");
        }

        // A stream lives until its member leaves, so on shutdown the hub ends it (the member resumes from its
        // cursor elsewhere or later) instead of holding the stop for the whole shutdown timeout.
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await subscriptions.RunAsync(
                Caller.Of(context), (long)request.AfterCursor, request.ReceiptBatches, responseStream, token => authorization.AuthorizeAsync(context), stream.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The hub is stopping; subscribe again from your cursor."));
        }
    }

    public override Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context) =>
        acknowledge.AcknowledgeAsync(Caller.Of(context), request, context.CancellationToken);

    public override Task<ReleaseResponse> Release(ReleaseRequest request, ServerCallContext context) =>
        release.ReleaseAsync(Caller.Of(context), request, context.CancellationToken);

    public override Task<LifecycleResponse> Lifecycle(LifecycleRequest request, ServerCallContext context) =>
        lifecycle.LifecycleAsync(Caller.Of(context), request, context.CancellationToken);

    public override Task<SignedStatement> GetDirectory(GetDirectoryRequest request, ServerCallContext context) =>
        directory.CurrentAsync(context.CancellationToken);

    public override Task<SignedStatement> GetAuditHead(GetAuditHeadRequest request, ServerCallContext context) =>
        auditHead.CurrentAsync(context.CancellationToken);
}
