namespace HstFederation.Node.Hosting;

internal enum CredentialsRefusalKind
{
    /// <summary>The CRL is past its nextUpdate plus Node:RevocationGrace: no certificate can be judged, these included.</summary>
    RevocationDataStale,

    /// <summary>The CRL revokes this NCB's own certificates: only new ones, enrolled again at the hub, bring it back.</summary>
    Revoked,
}
