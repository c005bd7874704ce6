using System.Globalization;

namespace HstFederation.Testing.Processes;

/// <summary>
/// The port file a hub, node or baseline server writes once it listens (<c>--Hub:PortFile</c>, <c>--Node:AgencyPortFile</c>):
/// read by the tools that start those processes with port 0.
/// </summary>
public static class PortFile
{
    /// <summary>The port written to <paramref name="path"/>, or false while there is none yet (or it is being written).</summary>
    public static bool TryRead(string path, out int port)
    {
        port = 0;
        try
        {
            return File.Exists(path)
                && int.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out port)
                && port > 0;
        }
        catch (IOException)
        {
            return false; // being written
        }
    }
}
