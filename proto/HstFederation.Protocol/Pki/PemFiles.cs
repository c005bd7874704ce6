namespace HstFederation.Protocol.Pki;

/// <summary>Reads one PEM block from a file; every failure is a <see cref="CredentialException"/> naming the file.</summary>
internal static class PemFiles
{
    public static byte[] ReadBlock(string path, string label)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CredentialException(path, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialException(path, "cannot be read: " + e.Message, e);
        }

        try
        {
            if (Pem.TryDecode(text, label) is { } der)
            {
                return der;
            }
        }
        catch (FormatException e)
        {
            throw new CredentialException(path, $"the PEM block '{label}' is not valid base64", e);
        }

        var found = Pem.FirstLabel(text);
        throw new CredentialException(path, found is null
            ? $"not a PEM file (expected a '-----BEGIN {label}-----' block)"
            : $"expected a PEM block '{label}' but found '{found}'");
    }
}
