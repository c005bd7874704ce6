namespace HstFederation.Demo.Federation;

/// <summary>An agency's identity URI and its client certificate and key files (PEM).</summary>
internal sealed record AgencyCredentials(string Identity, string Certificate, string PrivateKey);
