using System.Security.Cryptography;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Commands;

/// <summary>
/// `status`'s encryption keys (docs/node.md, "Renewing keys"): the current key, the one the hub's directory should list,
/// and each previous key loaded from previous/NAME/ in the party directory for opening only, with its folder name, key
/// id and validity, so that an operator can tell which previous keys are kept and when one may go (90 days after the
/// re-enrolment that replaced it).
/// </summary>
internal sealed record EncryptionKeyReport(EncryptionKeyReport.Key Current, IReadOnlyList<EncryptionKeyReport.Key> Previous)
{
    /// <summary>One key. <see cref="Folder"/>: its folder under previous/ (null for the current key, or if the folder changed since the load).</summary>
    internal sealed record Key(string? Folder, string KeyId, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

    /// <summary>
    /// The current key and the previous ones this NCB's credentials were read with. They do not keep the folder a previous
    /// key came from, so each is found again by its certificate among previous/*/: these files were read a moment ago.
    /// </summary>
    public static EncryptionKeyReport From(CertifiedKey current, IReadOnlyList<CertifiedKey> previous, string partyDirectory)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var folders = Folders(Path.Combine(partyDirectory, CredentialLoader.PreviousKeysDirectory));
        return new EncryptionKeyReport(
            Of(current, null),
            [.. previous.Select(key => Of(key, folders.FirstOrDefault(f => key.CertificateDer.Span.SequenceEqual(f.CertificateDer)).Name))]);
    }

    public IEnumerable<(string Label, string Value)> Lines(DateTimeOffset now)
    {
        yield return ("Encryption", $"current key {Current.KeyId}, {Validity(Current, now)}");
        if (Previous.Count == 0)
        {
            yield return ("Previous key", $"none kept ({CredentialLoader.PreviousKeysDirectory}/ of the party directory)");
        }

        foreach (var key in Previous)
        {
            yield return ("Previous key", $"{key.Folder ?? "(folder not found)"}: key {key.KeyId}, {Validity(key, now)}; opens only, never sealed to");
        }
    }

    public object Json() => new { Current, Previous };

    private static Key Of(CertifiedKey key, string? folder) => new(folder, Convert.ToHexStringLower(key.KeyId.Span), key.NotBefore, key.NotAfter);

    private static string Validity(Key key, DateTimeOffset now) =>
        $"valid {Display.Time(key.NotBefore)} to {Display.Time(key.NotAfter)}" +
        (now > key.NotAfter ? " (expired)" : now < key.NotBefore ? " (not yet valid)" : string.Empty);

    /// <summary>Each previous/NAME/ with the DER of its certificate file; a folder whose file cannot be read now is left out.</summary>
    private static List<(string Name, byte[] CertificateDer)> Folders(string previous)
    {
        List<(string, byte[])> folders = [];
        if (!Directory.Exists(previous))
        {
            return folders;
        }

        foreach (var folder in Directory.GetDirectories(previous))
        {
            try
            {
                var pem = File.ReadAllText(Path.Combine(folder, CredentialLoader.EncryptionCertificateFile));
                if (PemEncoding.TryFind(pem, out var fields))
                {
                    folders.Add((Path.GetFileName(folder), Convert.FromBase64String(pem[fields.Base64Data])));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Moved or changed since the load: the key is still shown, without its folder.
            }
        }

        return folders;
    }
}
