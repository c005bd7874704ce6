using HstFederation.DevPki;

namespace HstFederation.Hub.Commands;

/// <summary>
/// A signed CRL written beside Hub:RevocationListPath, not yet in force. <see cref="Install"/> replaces the CRL
/// file with it in one rename (a running hub re-reads the file when it changes); disposing without installing
/// removes it.
/// </summary>
internal sealed class StagedCrl : IDisposable
{
    private readonly string _temporary;
    private bool _installed;

    private StagedCrl(IssuedCrl crl, string path, string temporary)
    {
        Crl = crl;
        Path = path;
        _temporary = temporary;
    }

    public IssuedCrl Crl { get; }

    public string Path { get; }

    public static StagedCrl Write(IssuedCrl crl, string path)
    {
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, crl.Pem + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot write the new CRL beside {path}: {e.Message}", e);
        }

        return new StagedCrl(crl, path, temporary);
    }

    public void Install()
    {
        File.Move(_temporary, Path, overwrite: true);
        _installed = true;
    }

    public void Dispose()
    {
        if (!_installed)
        {
            File.Delete(_temporary);
        }
    }
}
