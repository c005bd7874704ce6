namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// The development PKI every scenario starts from, made once per test run by the dev PKI tool (<c>create</c>, and
/// <c>national-ca</c> and <c>agency</c> per member) and copied into each scenario's directory: a scenario may change
/// its copy (a revocation rewrites the CRL) without touching another's, and nine process runs are saved per scenario.
/// </summary>
internal static class PkiTemplate
{
    private static readonly string[] TemplateMembers = ["FR", "DE", "IT", "ES"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _directory;

    /// <summary>Copies the template into <paramref name="destination"/>; members outside the template get a PKI of their own.</summary>
    public static async Task CopyToAsync(string destination, IReadOnlyList<string> members, Cli cli, CancellationToken cancellationToken)
    {
        if (!members.All(TemplateMembers.Contains))
        {
            await CreateAsync(destination, members, cli, cancellationToken);
            return;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_directory is null)
            {
                var directory = Directory.CreateTempSubdirectory("hst-e2e-pki-").FullName;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(directory);
                await CreateAsync(Path.Combine(directory, "pki"), TemplateMembers, cli, cancellationToken);
                _directory = directory;
            }
        }
        finally
        {
            Gate.Release();
        }

        Copy(new DirectoryInfo(Path.Combine(_directory, "pki")), destination);
    }

    private static async Task CreateAsync(string pki, IReadOnlyList<string> members, Cli cli, CancellationToken cancellationToken)
    {
        await cli.RunCheckedAsync(Apphosts.DevPki, ["create", "--out", pki, "--members", string.Join(',', members)], cancellationToken);
        await Task.WhenAll(members.Select(async code =>
        {
            await cli.RunCheckedAsync(Apphosts.DevPki, ["national-ca", "--out", pki, "--member", code], cancellationToken);
            await cli.RunCheckedAsync(Apphosts.DevPki, ["agency", "--out", pki, "--member", code, "--name", NodeParty.LoadAgency], cancellationToken);
        }));
    }

    private static void Remove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort at process exit: a temporary directory.
        }
    }

    private static void Copy(DirectoryInfo source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in source.GetFiles())
        {
            file.CopyTo(Path.Combine(destination, file.Name));
        }

        foreach (var directory in source.GetDirectories())
        {
            Copy(directory, Path.Combine(destination, directory.Name));
        }
    }
}
