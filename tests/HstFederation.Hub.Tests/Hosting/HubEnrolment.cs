using HstFederation.DevPki;
using HstFederation.Hub.Storage;
using Microsoft.Extensions.DependencyInjection;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>Enrols every member of a development federation as active, as `hst-hub enroll` does.</summary>
internal static class HubEnrolment
{
    public static async Task EnrolAllAsync(IServiceProvider services, DevelopmentFederation federation)
    {
        var store = services.GetRequiredService<HubStore>();
        foreach (var member in federation.Members.Values)
        {
            await store.UpsertMemberAsync(member.Party, MemberStatus.Active, member.Signing.CertificateDer, member.Encryption.CertificateDer, "test");
        }
    }
}
