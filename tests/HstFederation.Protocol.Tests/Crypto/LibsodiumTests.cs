using HstFederation.Protocol.Crypto;

namespace HstFederation.Protocol.Tests.Crypto;

/// <summary>
/// The native libsodium comes from the NuGet package (its runtimes/&lt;rid&gt;/native folder), not
/// from the machine: a clean clone needs only the .NET SDK.
/// </summary>
public sealed class LibsodiumTests
{
    [Fact]
    public void Curve25519_OnLinux_RunsTheLibsodiumShippedInThePackage()
    {
        var publicKey = new byte[32];
        Curve25519.X25519PublicKey(new byte[32], publicKey);
        Assert.Contains(publicKey, b => b != 0);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var loaded = File.ReadLines("/proc/self/maps")
            .Where(line => line.Contains("libsodium", StringComparison.Ordinal) && line.Contains('/', StringComparison.Ordinal))
            .Select(line => line[line.IndexOf('/', StringComparison.Ordinal)..])
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var path = Assert.Single(loaded);
        Assert.Contains("/runtimes/", path, StringComparison.Ordinal);
    }
}
