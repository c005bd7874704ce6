using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// THREATS row 11 from the directory's side: the hub signs the member directory, so a compromised hub could list its own
/// encryption key (or another member's, or a signing key) as DE's and read what FR seals "to DE". FR's node takes a
/// recipient's key only from a certificate the federation root issued to that party for encryption: it seals nothing,
/// sends nothing, and says why.
/// </summary>
public sealed class HubLinkDishonestDirectoryTests : HubLinkTestBase
{
    [Theory]
    [InlineData("the hub's encryption certificate")]
    [InlineData("IT's encryption certificate")]
    [InlineData("DE's own signing certificate")]
    public async Task Send_ToAMemberWhoseDirectoryEntryCarriesAnotherKey_IsRejectedLocally_NothingSealedOrSubmitted(string listedAsDes)
    {
        var der = listedAsDes switch
        {
            "the hub's encryption certificate" => Hub.HubCredentials.Encryption.CertificateDer,
            "IT's encryption certificate" => Hub.Credentials("IT").Encryption.CertificateDer,
            _ => Hub.Credentials("DE").Signing.CertificateDer,
        };
        await Hub.StopAsync();
        Hub.ReplaceEncryptionCertificate("DE", der.ToArray());
        await Hub.StartAgainAsync();

        var queued = await Fr.EnqueueAsync("DE");
        await Fr.Sender.RunOnceAsync(CancellationToken.None);

        var refused = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Rejected, refused.State);
        Assert.Equal(LocalReasons.RecipientNotActive, refused.RejectReason);
        Assert.Contains("encryption certificate in the directory is not valid", refused.RejectDetail, StringComparison.Ordinal);
        Assert.Null(refused.Envelope);
        Assert.Equal(0, Hub.MessagesFrom(Fr.Party));
    }
}
