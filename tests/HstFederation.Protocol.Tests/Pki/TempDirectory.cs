namespace HstFederation.Protocol.Tests.Pki;

/// <summary>A fresh directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("hst-pki-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
