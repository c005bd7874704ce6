using Grpc.Core;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Agency;

/// <summary>
/// The authenticated, authorized agency behind a call, put on the call's HTTP request by <see cref="AgencyAuthorizationInterceptor"/>
/// or, before the request is read, <see cref="AgencyCallGate"/>; one request carries one call. <see cref="Certificate"/> is the
/// serial (<see cref="AgencyCertificateSerial"/>) of the client certificate the call came through: an agency may hold several,
/// and every audit entry of its call names which, so a leaked one's reads and submissions can be told from the others'.
/// </summary>
internal sealed record AgencyCaller(AgencyRecord Agency, string Certificate)
{
    private static readonly object Key = new();

    public string Actor => Agency.Actor;

    public AgencyScope Scope => Agency.Scope;

    /// <summary>The caller of <paramref name="context"/>; fails closed if the interceptor did not run.</summary>
    public static AgencyCaller Of(ServerCallContext context) => Of(context.GetHttpContext());

    /// <summary>The caller of the call <paramref name="request"/> carries; fails closed if it was not authorized.</summary>
    public static AgencyCaller Of(HttpContext request) =>
        request.Items.TryGetValue(Key, out var value) && value is AgencyCaller caller
            ? caller
            : throw new InvalidOperationException("The agency call was not authorized by AgencyAuthorizationInterceptor or AgencyCallGate.");

    public static bool TryOf(ServerCallContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AgencyCaller? caller)
    {
        caller = context.GetHttpContext().Items.TryGetValue(Key, out var value) ? value as AgencyCaller : null;
        return caller is not null;
    }

    public void AttachTo(ServerCallContext context) => AttachTo(context.GetHttpContext());

    public void AttachTo(HttpContext request) => request.Items[Key] = this;
}
