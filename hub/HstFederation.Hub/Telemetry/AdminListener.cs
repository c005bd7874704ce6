using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HstFederation.Hub.Telemetry;

/// <summary>Remembers the admin listener's options so its bound port can be found once Kestrel has started (port 0).</summary>
internal sealed class AdminListener
{
    private ListenOptions? _options;

    public ListenOptions? Options
    {
        get => Volatile.Read(ref _options);
        set => Volatile.Write(ref _options, value);
    }
}
