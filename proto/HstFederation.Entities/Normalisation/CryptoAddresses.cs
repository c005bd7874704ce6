namespace HstFederation.Entities.Normalisation;

/// <summary>
/// Crypto addresses, with the case rule of each form (docs/matching.md §2): hexadecimal addresses
/// ("0x" + 40 hex digits: Ethereum and EVM chains, whose EIP-55 mixed case is only a checksum) and bech32
/// addresses ("bc1…", "ltc1…", "tb1…": case-insensitive, canonically lower) are lower-cased; every other form
/// (Base58: Bitcoin legacy, Tron, Solana …) is case-sensitive and kept as written. White space is removed.
/// </summary>
internal static class CryptoAddresses
{
    private static readonly string[] Bech32Prefixes = ["bc1", "tb1", "ltc1", "bcrt1"];

    public static string? Normalise(string? text)
    {
        var compact = string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length < 20 || !compact.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var lower = compact.ToLowerInvariant();
        var hex = lower.Length == 42 && lower.StartsWith("0x", StringComparison.Ordinal) && lower[2..].All(char.IsAsciiHexDigit);
        return hex || Bech32Prefixes.Any(p => lower.StartsWith(p, StringComparison.Ordinal)) ? lower : compact;
    }
}
