using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace HstFederation.Hosting;

/// <summary>
/// A listener that could not bind at start, said in one line. Kestrel throws an <see cref="IOException"/> ("Failed to bind
/// to address https://127.0.0.1:7443: address already in use.") out of the host's run; left unhandled it aborted serve
/// with a stack trace (exit 134), and a service manager's log showed neither the setting to change nor what to do.
/// </summary>
public static partial class ListenFailure
{
    /// <summary>
    /// One line for a bind failure, naming the address, the setting whose port it is (from <paramref name="settingsByPort"/>;
    /// both named when two settings share the port) and the next step; null when <paramref name="error"/> is not one.
    /// </summary>
    public static string? Describe(Exception error, IReadOnlyList<(int Port, string Setting)> settingsByPort)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(settingsByPort);
        if (error is IOException && BindMessage().Match(error.Message) is { Success: true } match)
        {
            var address = new Uri(match.Groups["address"].Value);
            var settings = settingsByPort.Where(entry => entry.Port == address.Port).Select(entry => entry.Setting).Distinct().ToList();
            return Sentence($"{address.Host}:{address.Port}", settings, InnermostSocketError(error), error);
        }

        // Kestrel names the address only for "in use"; any other refusal by the OS (a privileged port, an address not
        // this machine's) comes out as the bare socket error, so every listening setting is named.
        if (error is SocketException socket)
        {
            return Sentence("the configured address", [.. settingsByPort.Select(entry => entry.Setting).Distinct()], socket.SocketErrorCode, error);
        }

        return null;
    }

    private static string Sentence(string where, List<string> settings, SocketError? code, Exception error)
    {
        var named = settings.Count > 0 ? $"{where} ({string.Join(", ", settings)})" : where;
        var change = settings.Count > 0 ? string.Join(" or ", settings) : "the port setting";
        return code switch
        {
            SocketError.AddressAlreadyInUse =>
                $"cannot listen on {named}: the address is already in use. Another program holds it (see 'ss -ltnp'); stop it, or set {change} to a free port.",
            SocketError.AccessDenied =>
                $"cannot listen on {named}: permission denied (ports below 1024 need privileges). Set {change} to a port from 1024 up.",
            SocketError.AddressNotAvailable =>
                $"cannot listen on {named}: the address is not one of this machine's. Listen on one of its own addresses.",
            _ => $"cannot listen on {named}: {error.InnerException?.Message ?? error.Message}",
        };
    }

    private static SocketError? InnermostSocketError(Exception error)
    {
        SocketError? found = null;
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                found = socket.SocketErrorCode;
            }
        }

        return found;
    }

    [GeneratedRegex(@"^Failed to bind to address (?<address>\S+?):? ", RegexOptions.CultureInvariant)]
    private static partial Regex BindMessage();
}
