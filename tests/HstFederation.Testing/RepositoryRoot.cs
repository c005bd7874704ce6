using System.Runtime.CompilerServices;

namespace HstFederation.Testing;

/// <summary>Finds the repository root (the folder holding HstFederation.sln) from wherever the tests run.</summary>
public static class RepositoryRoot
{
    public static string Find([CallerFilePath] string sourceFile = "")
    {
        // Build output may live outside the repository (--artifacts-path), so try the source location too.
        string?[] starts = [Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory, Environment.CurrentDirectory];
        foreach (var start in starts)
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "HstFederation.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("HstFederation.sln not found above " + string.Join(", ", starts));
    }
}
