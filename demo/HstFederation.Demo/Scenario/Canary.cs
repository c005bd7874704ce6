using System.Security.Cryptography;

namespace HstFederation.Demo.Scenario;

/// <summary>A text unique to one run, put only into the direct exchange the hub may not read.</summary>
internal static class Canary
{
    public static string Create() => "HST-CANARY-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
