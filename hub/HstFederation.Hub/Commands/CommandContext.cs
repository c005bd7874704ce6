using System.Text.Json;
using System.Text.Json.Serialization;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Commands;

/// <summary>What a command runs with: its arguments, configuration, output writers and the clock.</summary>
internal sealed class CommandContext(CommandArguments arguments, IConfiguration configuration, TextWriter stdout, TextWriter stderr, TimeProvider time)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public CommandArguments Arguments { get; } = arguments;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public TimeProvider Time { get; } = time;

    public bool Json => Arguments.Json;

    /// <summary>The whole configuration, for commands that read a section of their own (Hub:Retention).</summary>
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>Who audit entries name for operator actions: "operator:" and the OS user name.</summary>
    public static string Actor => "operator:" + Environment.UserName;

    /// <summary>The hub settings, validating only <paramref name="required"/> (names of <see cref="HubOptions"/> properties).</summary>
    public HubOptions Settings(params string[] required) => CommandSettings.Read(Configuration, required);

    /// <summary>
    /// Opens the existing hub database (applying pending migrations); refuses to create one (that is `init`). The storage
    /// quota (Hub:MaxDatabasePages) binds the operator's writes as it binds serve's: it is the file's, not the service's.
    /// </summary>
    public HubStore OpenStore(HubOptions options)
    {
        DatabaseFile.RequireExisting(options.DatabasePath, DatabaseProgram.Hub);
        return HubStore.Open(options.DatabasePath, Time, new HubStoreOptions { MaxPageCount = options.MaxDatabasePages });
    }

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
