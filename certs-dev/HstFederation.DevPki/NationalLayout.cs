namespace HstFederation.DevPki;

/// <summary>
/// Where a member's national CA and what it issued live inside a development federation directory:
/// national/FR/root.crt.pem and root.key.pem, national/FR/node/agency-api.crt.pem and .key.pem (the node's
/// agency-facing server certificate), national/FR/agencies/NAME/tls.crt.pem and tls.key.pem.
/// </summary>
public static class NationalLayout
{
    public static string Directory(string federation, string countryCode) => Path.Combine(federation, "national", countryCode);

    public static string RootCertificate(string federation, string countryCode) => Path.Combine(Directory(federation, countryCode), "root.crt.pem");

    public static string RootPrivateKey(string federation, string countryCode) => Path.Combine(Directory(federation, countryCode), "root.key.pem");

    public static string ServerCertificate(string federation, string countryCode) =>
        Path.Combine(Directory(federation, countryCode), "node", "agency-api.crt.pem");

    public static string ServerPrivateKey(string federation, string countryCode) =>
        Path.Combine(Directory(federation, countryCode), "node", "agency-api.key.pem");

    public static string AgencyDirectory(string federation, string countryCode, string name) =>
        Path.Combine(Directory(federation, countryCode), "agencies", name);

    public static string AgencyCertificate(string federation, string countryCode, string name) =>
        Path.Combine(AgencyDirectory(federation, countryCode, name), "tls.crt.pem");

    public static string AgencyPrivateKey(string federation, string countryCode, string name) =>
        Path.Combine(AgencyDirectory(federation, countryCode, name), "tls.key.pem");
}
