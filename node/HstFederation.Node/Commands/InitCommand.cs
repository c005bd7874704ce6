using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HstFederation.Node.Audit;
using HstFederation.Node.Hosting;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>`init`: creates (or migrates) the database, checks the credentials, and writes the settings to --config.</summary>
internal sealed class InitCommand : INodeCommand
{
    private static readonly string[] CredentialSettings =
    [
        nameof(NodeOptions.CredentialsDirectory), nameof(NodeOptions.RootCertificatePath), nameof(NodeOptions.RevocationListPath),
    ];

    public string Name => "init";

    public string Summary => "Create the database, check the credentials, write the settings to --config FILE.";

    public string Help => """
        Usage: hst-node init [--config FILE] --Node:DatabasePath=PATH [--Node:<Name>=<value> ...] [--json]

        Creates the SQLite database at Node:DatabasePath (WAL, numbered migrations) if it does not exist or
        is an empty (0-byte) file or one with no tables, or brings an existing one to the current schema. A new
        database is built whole in <database>.init and renamed into place once its schema and init audit entry
        are committed: a full disk or a kill leaves nothing at Node:DatabasePath, and init runs again. A database
        an earlier release's init left without its audit entry is completed ("Completed database"). Every other
        command, serve included, refuses a missing or empty file, or one with no tables: only init creates a node.
        A new database is readable and writable by its owner only (0600 on Unix; its -wal and -shm follow it):
        it holds messages in clear. An empty file init fills keeps the mode it had.
        When the credential settings are given it loads and checks them — the NCB's party directory against the
        federation root and CRL — and prints the party and the certificates' expiry dates. With Node:MatchingKeyPath it reads the federation matching
        key file and prints the key ids (blind tokens of direct exchanges; docs/node.md). With --config FILE it
        writes every --Node:* setting given into FILE (merged into what FILE already holds), so other commands
        need only --config FILE.

        Example:
          $ hst-node init --config fr/node.json --Node:DatabasePath=fr/node.db \
              --Node:CredentialsDirectory=pki/members/FR --Node:RootCertificatePath=pki/root/root.crt.pem \
              --Node:RevocationListPath=pki/federation.crl.pem --Node:HubAddress=https://127.0.0.1:7443
          Created database /work/fr/node.db (schema version 16).
          Credentials: urn:hst:member:FR; TLS until 2027-11-28, signing until 2027-11-28, encryption until 2027-11-28
          Settings written to /work/fr/node.json. Run the node with: hst-node serve --config fr/node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        var options = context.StoreSettings();
        var databasePath = Path.GetFullPath(options.DatabasePath);
        var credentials = CheckCredentials(context);
        var matchingKey = MatchingKeyFile.Load(options);
        // Everything that can refuse the command comes before its first side effect, the database.
        (string Path, JsonObject Root)? config = context.Arguments.ConfigFile is { } file ? MergeConfig(file, context.Arguments.Settings) : null;
        // Missing, empty (0 bytes) or with no tables (an init of an earlier release cut short): created, and audited as such.
        var outcome = DatabaseFile.IsNew(databasePath, DatabaseProgram.Node)
            ? await CreateAsync(databasePath, context, cancellationToken)
            : await OpenAsync(databasePath, context, cancellationToken);
        var schemaVersion = outcome.SchemaVersion;

        var configFile = config is { } merged ? WriteConfig(merged.Path, merged.Root) : null;
        if (context.Json)
        {
            context.WriteJson(new
            {
                Database = databasePath, Created = outcome.Result == InitResult.Created, Completed = outcome.Result == InitResult.Completed,
                SchemaVersion = schemaVersion, Config = configFile,
                Party = credentials?.Party.Party.Uri,
                MatchingKeyIds = matchingKey?.Keys.Select(k => k.Id),
                Certificates = credentials is null ? null : new
                {
                    TlsNotAfter = credentials.TlsCertificate.NotAfter.ToUniversalTime(),
                    SigningNotAfter = credentials.Party.Signing.NotAfter,
                    EncryptionNotAfter = credentials.Party.Encryption.NotAfter,
                },
            });
            return NodeCommandLine.Success;
        }

        context.Out.WriteLine(outcome.Describe(databasePath));
        context.Out.WriteLine(credentials is null
            ? "Credentials not checked: set Node:CredentialsDirectory, Node:RootCertificatePath and Node:RevocationListPath to check them."
            : $"Credentials: {credentials.Party.Party.Uri}; TLS until {Display.Time(credentials.TlsCertificate.NotAfter.ToUniversalTime())}, " +
              $"signing until {Display.Time(credentials.Party.Signing.NotAfter)}, encryption until {Display.Time(credentials.Party.Encryption.NotAfter)}");
        if (matchingKey is not null)
        {
            context.Out.WriteLine($"Matching key: {matchingKey.Current.Id}" +
                (matchingKey.Keys.Count > 1 ? $", previous {string.Join(", ", matchingKey.Keys.Skip(1).Select(k => k.Id))}" : string.Empty) + $" ({matchingKey.Path})");
        }

        if (configFile is not null)
        {
            context.Out.WriteLine($"Settings written to {configFile}. Run the node with: hst-node serve --config {context.Arguments.ConfigFile}");
        }

        return NodeCommandLine.Success;
    }

    /// <summary>
    /// A new node, whole or not at all (<see cref="DatabaseCreation"/>): the schema and the init entry in a file renamed into place
    /// once both are committed. A full disk or a kill leaves nothing at the database path, so init runs again as it was.
    /// </summary>
    private static async Task<InitOutcome> CreateAsync(string databasePath, CommandContext context, CancellationToken cancellationToken)
    {
        var schemaVersion = await DatabaseCreation.CreateAsync(databasePath, DatabaseProgram.Node, replace: File.Exists(databasePath), async building =>
        {
            await using var store = NodeStore.Open(building, context.Time);
            await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Init, null, $"created, schema version {store.Database.SchemaVersion}", cancellationToken);
            return store.Database.SchemaVersion;
        });
        return new InitOutcome(InitResult.Created, schemaVersion);
    }

    /// <summary>
    /// An existing node: opened and brought to the current schema (announced when it migrates), and audited. One with no init
    /// entry was created by an init of an earlier release cut short before it: audited as created now, and reported as completed.
    /// </summary>
    private static async Task<InitOutcome> OpenAsync(string databasePath, CommandContext context, CancellationToken cancellationToken)
    {
        await using var store = NodeStore.Open(databasePath, context.Time, new NodeStoreOptions { Migrating = context.AnnounceMigration });
        var schemaVersion = store.Database.SchemaVersion;
        var completes = !store.HasAuditEntry(NodeAuditActions.Init);
        await store.AuditAsync(CommandContext.Actor, NodeAuditActions.Init, null,
            completes ? $"created, schema version {schemaVersion}; completes an init cut short before this entry" : $"opened, schema version {schemaVersion}",
            cancellationToken);
        return new InitOutcome(completes ? InitResult.Completed : InitResult.Existed, schemaVersion);
    }

    /// <summary>Loads the credentials when all their settings are given (errors name the file); null when none are.</summary>
    private static NodeCredentials? CheckCredentials(CommandContext context)
    {
        var raw = context.Configuration.GetSection(NodeOptions.Section);
        var given = CredentialSettings.Count(name => !string.IsNullOrWhiteSpace(raw[name]));
        if (given == 0)
        {
            return null;
        }

        var options = context.Settings([nameof(NodeOptions.DatabasePath), .. CredentialSettings]);
        return NodeCredentials.Load(options, context.Time);
    }

    /// <summary>The JSON file's settings with the --Node:* settings merged in (read as the configuration reads it).</summary>
    private static (string Path, JsonObject Root) MergeConfig(string file, IReadOnlyList<string> settings)
    {
        var path = Path.GetFullPath(file);
        var root = File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                as JsonObject ?? []
            : [];
        foreach (var setting in settings)
        {
            var (key, value) = Split(setting);
            var parts = key.Split(':');
            var target = root;
            foreach (var part in parts[..^1])
            {
                if (target[part] is not JsonObject child)
                {
                    child = [];
                    target[part] = child;
                }

                target = child;
            }

            // Relative paths are resolved now, so the file works from any working directory. An empty one is kept empty:
            // the setting given as unset (e.g. Node:MatchingKeyPath= for no matching key).
            var isPath = key.EndsWith("Path", StringComparison.Ordinal) || key.EndsWith("Directory", StringComparison.Ordinal) || key.EndsWith("File", StringComparison.Ordinal);
            target[parts[^1]] = isPath && !string.IsNullOrWhiteSpace(value) ? Path.GetFullPath(value) : value;
        }

        return (path, root);
    }

    /// <summary>Writes the merged settings whole to a temporary file, on the disk, and renames it over the JSON file, durably.</summary>
    private static string WriteConfig(string path, JsonObject root)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine));
            // The bytes on the disk before the name: a power cut after the rename must not leave an empty settings file.
            stream.Flush(flushToDisk: true);
        }

        DurableRename.Move(temporary, path, overwrite: true);
        return path;
    }

    private static (string Key, string Value) Split(string setting)
    {
        var text = setting.TrimStart('-');
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return (text[..equals], text[(equals + 1)..]);
    }
}
