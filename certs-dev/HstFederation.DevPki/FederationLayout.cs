namespace HstFederation.DevPki;

/// <summary>
/// The files of a development federation directory: root/root.crt.pem, root/root.key.pem, federation.crl.pem,
/// hub/&lt;party files&gt;, members/XX/&lt;party files&gt;, members/XX/matching.key (the federation matching key, the
/// same file in every member's directory and never in the hub's).
/// </summary>
public static class FederationLayout
{
    public static string RootDirectory(string federation) => Path.Combine(federation, "root");

    public static string RootCertificate(string federation) => Path.Combine(RootDirectory(federation), "root.crt.pem");

    public static string RootPrivateKey(string federation) => Path.Combine(RootDirectory(federation), "root.key.pem");

    public static string RevocationList(string federation) => Path.Combine(federation, "federation.crl.pem");

    public static string HubDirectory(string federation) => Path.Combine(federation, "hub");

    public static string MembersDirectory(string federation) => Path.Combine(federation, "members");

    public static string MemberDirectory(string federation, string countryCode) => Path.Combine(MembersDirectory(federation), countryCode);

    /// <summary>The federation matching key file of member <paramref name="countryCode"/>'s node (Node:MatchingKeyPath).</summary>
    public static string MatchingKey(string federation, string countryCode) => Path.Combine(MemberDirectory(federation, countryCode), "matching.key");
}
