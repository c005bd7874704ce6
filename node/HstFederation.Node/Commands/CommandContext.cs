using System.Text.Json;
using System.Text.Json.Serialization;
using HstFederation.Node.Hosting;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>What a command runs with: its arguments, configuration, output writers and the clock.</summary>
internal sealed class CommandContext(CommandArguments arguments, IConfiguration configuration, TextWriter stdout, TextWriter stderr, TimeProvider time)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public CommandArguments Arguments { get; } = arguments;

    public IConfiguration Configuration { get; } = configuration;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public TimeProvider Time { get; } = time;

    public bool Json => Arguments.Json;

    /// <summary>Who audit entries name for operator actions: "operator:" and the OS user name.</summary>
    public static string Actor => "operator:" + Environment.UserName;

    /// <summary>
    /// The node settings, validating only <paramref name="required"/> (names of <see cref="NodeOptions"/> properties). A command
    /// reads its options first: reading the settings ends its parsing, and an option it has not read by then does not apply to
    /// it and is refused here, before it touches the store, its credentials or the hub (<see cref="CommandArguments.RefuseUnused"/>).
    /// </summary>
    public NodeOptions Settings(params string[] required)
    {
        Arguments.RefuseUnused();
        try
        {
            return NodeSettings.Read(Configuration, required);
        }
        catch (NodeConfigurationException error) when (string.IsNullOrEmpty(Configuration[$"{NodeOptions.Section}:{nameof(NodeOptions.DatabasePath)}"]))
        {
            // No database named at all: at the console that is nearly always the --config FILE left out, or the wrong file given.
            throw new NodeConfigurationException(error.Message + Environment.NewLine + "  " + MissingConfigHint(), error);
        }
    }

    private string MissingConfigHint() => Arguments.ConfigFile is { } file
        ? $"--config {file} sets no {NodeOptions.Section}:{nameof(NodeOptions.DatabasePath)}: give the file 'hst-node init --config FILE' wrote."
        : "No --config FILE was given: every command but init reads its settings from the file 'hst-node init --config FILE' " +
            "wrote (with ./hst up: .hst/nodes/<CC>/node.json).";

    /// <summary>The settings every command that reads or writes the store needs.</summary>
    public NodeOptions StoreSettings() => Settings(nameof(NodeOptions.DatabasePath));

    /// <summary>The settings and credentials of commands that act as this NCB (send, update, release, orders, …).</summary>
    public (NodeOptions Options, NodeCredentials Credentials) Identity()
    {
        var options = IdentitySettings();
        return (options, NodeCredentials.Load(options, Time));
    }

    /// <summary>
    /// The settings and this NCB's certificates for the commands that sign nothing (status, cancel): also while the CRL is
    /// stale or revokes them, which <see cref="HeldCredentials.Refusal"/> then says, so that the operator still sees and
    /// handles what the node holds.
    /// </summary>
    public (NodeOptions Options, HeldCredentials Credentials) HeldIdentity()
    {
        var options = IdentitySettings();
        return (options, HeldCredentials.Load(options, Time));
    }

    private NodeOptions IdentitySettings() => Settings(
        nameof(NodeOptions.DatabasePath), nameof(NodeOptions.CredentialsDirectory), nameof(NodeOptions.RootCertificatePath),
        nameof(NodeOptions.RevocationListPath), nameof(NodeOptions.HubAddress));

    /// <summary>
    /// Opens the existing node database (applying pending migrations); refuses to create one (that is `init`), in a missing
    /// file or in a 0-byte one, which SQLite would take for a new database.
    /// </summary>
    public NodeStore OpenStore(NodeOptions options)
    {
        DatabaseFile.RequireExisting(options.DatabasePath, DatabaseProgram.Node);
        return NodeStore.Open(options.DatabasePath, Time, new NodeStoreOptions { Migrating = AnnounceMigration });
    }

    /// <summary>
    /// On stderr, so that --json output stays one document: a migration holds the database, and one that rewrites tables
    /// takes minutes on a large file, so the operator sees why the command waits (docs/node.md, "Storage").
    /// </summary>
    public void AnnounceMigration(int from, int to) =>
        Error.WriteLine($"Migrating the node database from schema version {from} to {to}; it is held until the migration ends " +
            "(minutes on a large file when tables are rebuilt; docs/node.md, Storage)...");

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}
