using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Node.Hosting;

namespace HstFederation.Node.Agency;

/// <summary>The agency listener's trust (national CA) and server certificate, loaded once at start; errors name the file.</summary>
internal sealed class AgencyCredentials
{
    private AgencyCredentials(AgencyTrust trust, X509Certificate2 serverCertificate)
    {
        Trust = trust;
        ServerCertificate = serverCertificate;
    }

    public AgencyTrust Trust { get; }

    public X509Certificate2 ServerCertificate { get; }

    public static AgencyCredentials Load(NodeOptions options, string countryCode, TimeProvider time)
    {
        var root = Read(nameof(NodeOptions.AgencyRootCertificatePath), options.AgencyRootCertificatePath,
            path => X509Certificate2.CreateFromPem(File.ReadAllText(path)));
        AgencyTrust trust;
        try
        {
            trust = new AgencyTrust(root, countryCode, time);
        }
        catch (ArgumentException e)
        {
            root.Dispose();
            throw Problem(nameof(NodeOptions.AgencyRootCertificatePath), options.AgencyRootCertificatePath, e.Message, e);
        }

        var server = Read(nameof(NodeOptions.AgencyCertificatePath), options.AgencyCertificatePath,
            path => X509Certificate2.CreateFromPemFile(path, options.AgencyPrivateKeyPath));
        if (root.RawData.AsSpan().SequenceEqual(server.RawData))
        {
            throw Problem(nameof(NodeOptions.AgencyCertificatePath), options.AgencyCertificatePath, "is the national CA itself, not a server certificate", null);
        }

        return new AgencyCredentials(trust, server);
    }

    private static X509Certificate2 Read(string setting, string path, Func<string, X509Certificate2> load)
    {
        try
        {
            return load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw Problem(setting, path, e.Message, e);
        }
    }

    private static NodeConfigurationException Problem(string setting, string path, string problem, Exception? inner) =>
        new($"{NodeOptions.Section}:{setting}: {path}: {problem}", inner ?? new InvalidOperationException(problem));
}
