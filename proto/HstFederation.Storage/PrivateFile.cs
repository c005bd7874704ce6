namespace HstFederation.Storage;

/// <summary>
/// Files a command writes with message content in them (an exported network report): a new one is created for its owner
/// alone (0600 on Unix) before the first byte is written, so no other user can open it meanwhile. An existing file is
/// overwritten with the mode its owner gave it.
/// </summary>
public static class PrivateFile
{
    public static async Task WriteAllTextAsync(string path, string text, System.Text.Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = DatabasePermissions.OwnerOnly;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream, encoding);
        await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
