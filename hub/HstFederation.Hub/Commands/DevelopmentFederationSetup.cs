using HstFederation.DevPki;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>
/// DEVELOPMENT ONLY: `init --dev-pki DIR` writes a development federation (root CA and its private key,
/// CRL, hub and member credentials) with the certs-dev code. Every key derives from a seed; never production.
/// </summary>
internal static class DevelopmentFederationSetup
{
    public static readonly TimeSpan CrlValidity = TimeSpan.FromDays(30);

    public static DevelopmentFederation Create(string directory, IReadOnlyList<PartyId> members, byte[]? seed, TimeProvider time)
    {
        if (File.Exists(directory))
        {
            throw new CommandFailedException($"--dev-pki: {directory} is a file, not a directory.");
        }

        if (System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new CommandFailedException($"--dev-pki: {directory} exists and is not empty; give a new directory.");
        }

        // Valid from a few minutes ago, so nodes whose clocks lag slightly accept the certificates at once.
        var now = time.GetUtcNow() - TimeSpan.FromMinutes(5);
        var pki = seed is null ? DevelopmentPki.CreateRandom(now) : DevelopmentPki.Create(seed, now);
        var federation = DevelopmentFederation.Create(pki, members.Select(member => member.Code), CrlValidity);
        federation.WriteTo(directory);
        return federation;
    }

    public static byte[]? ParseSeed(string? hex)
    {
        if (hex is null)
        {
            return null;
        }

        try
        {
            var seed = Convert.FromHexString(hex);
            return seed.Length > 0 ? seed : throw new CommandUsageException("--seed must not be empty.");
        }
        catch (FormatException)
        {
            throw new CommandUsageException($"--seed must be hexadecimal with an even number of digits, not '{hex}'.");
        }
    }
}
