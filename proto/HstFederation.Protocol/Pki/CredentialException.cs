namespace HstFederation.Protocol.Pki;

/// <summary>A credential or trust file could not be used. The message names the file and the problem.</summary>
public sealed class CredentialException : Exception
{
    public CredentialException(string path, string problem)
        : base($"{path}: {problem}")
    {
        FilePath = path;
        Problem = problem;
    }

    public CredentialException(string path, string problem, Exception innerException)
        : base($"{path}: {problem}", innerException)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file that could not be used.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
