using System.Security.Cryptography;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// Hit ids: 16 random bytes. Random rather than derived from the two messages, so the id says nothing about them and
/// cannot be guessed by a member that is not one of the hit's two sources.
/// </summary>
internal static class HitIds
{
    public const int Size = 16;

    public static byte[] NewId() => RandomNumberGenerator.GetBytes(Size);
}
