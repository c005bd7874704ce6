using Grpc.Core;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Agency;

/// <summary>The authenticated, authorized agency behind a call, put on the call by <see cref="AgencyAuthorizationInterceptor"/>.</summary>
internal sealed record AgencyCaller(AgencyRecord Agency)
{
    private static readonly object Key = new();

    public string Actor => Agency.Actor;

    public AgencyScope Scope => Agency.Scope;

    /// <summary>The caller of <paramref name="context"/>; fails closed if the interceptor did not run.</summary>
    public static AgencyCaller Of(ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(Key, out var value) && value is AgencyCaller caller
            ? caller
            : throw new InvalidOperationException("The agency call was not authorized by AgencyAuthorizationInterceptor.");

    public static bool TryOf(ServerCallContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AgencyCaller? caller)
    {
        caller = context.GetHttpContext().Items.TryGetValue(Key, out var value) ? value as AgencyCaller : null;
        return caller is not null;
    }

    public void AttachTo(ServerCallContext context) => context.GetHttpContext().Items[Key] = this;
}
