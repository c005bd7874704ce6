using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Commands;

/// <summary>`init`: creates (and migrates) the database; with --dev-pki also a development federation, its members enrolled.</summary>
internal sealed class InitCommand : IHubCommand
{
    private const string DevPkiOption = "--dev-pki";
    private const string MembersOption = "--members";
    private const string SeedOption = "--seed";

    public string Name => "init";

    public string Summary => "Create the database; in development also a PKI (--dev-pki DIR --members FR,DE).";

    public string Help => """
        Usage: hst-hub init [--dev-pki DIR --members FR,DE,IT,ES [--seed HEX]] [--json]

        Creates the SQLite database at Hub:DatabasePath (WAL, numbered migrations) if it does not exist,
        or brings an existing one to the current schema. Prints the settings 'serve' needs.
        A new database is built whole in <database>.init and renamed into place once everything init writes
        (schema, its audit entry, the --dev-pki members) is committed: a full disk leaves neither it nor the
        --dev-pki directory behind, so the same command runs again; a killed init's <database>.init is discarded.
        A database an earlier release's init left without its audit entry is completed ("Completed database").
        A new database is readable and writable by its owner only (0600 on Unix; its -wal and -shm follow it);
        an empty file init fills keeps the mode it had.

        DEVELOPMENT ONLY: with --dev-pki DIR it also writes a development federation into DIR with the
        certs-dev code (DIR/root/root.crt.pem and root.key.pem, DIR/federation.crl.pem valid 30 days,
        DIR/hub/, DIR/members/XX/) and enrols the given members as Active. Its keys derive from a seed and
        the root key sits in a file: never use it in production.

        Options:
          --dev-pki DIR     write a development federation into DIR (new or empty)
          --members LIST    with --dev-pki: the members to create and enrol, e.g. FR,DE,IT,ES
          --seed HEX        with --dev-pki: derive every key from this seed (repeatable output)
          --json            machine-readable result

        Example:
          $ hst-hub init --Hub:DatabasePath=dev/hub.db --dev-pki dev/pki --members FR,DE,IT,ES
          Created database /work/dev/hub.db (schema version 13).
          DEVELOPMENT federation written to /work/dev/pki (never use it in production).
          Enrolled as Active: FR, DE, IT, ES
          Run the hub with:
            hst-hub serve --Hub:DatabasePath=/work/dev/hub.db --Hub:CredentialsDirectory=/work/dev/pki/hub \
              --Hub:RootCertificatePath=/work/dev/pki/root/root.crt.pem --Hub:RevocationListPath=/work/dev/pki/federation.crl.pem \
              --Hub:Products:Enabled=true
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { DevPkiOption, MembersOption, SeedOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        arguments.ExpectPositionals();
        var pkiDirectory = arguments.Optional(DevPkiOption);
        if (pkiDirectory is null && (arguments.Optional(MembersOption) ?? arguments.Optional(SeedOption)) is not null)
        {
            throw new CommandUsageException($"{MembersOption} and {SeedOption} only apply with {DevPkiOption} DIR.");
        }

        var members = pkiDirectory is null ? [] : MemberCodes.ParseList(arguments.Required(MembersOption), MembersOption);
        var seed = DevelopmentFederationSetup.ParseSeed(arguments.Optional(SeedOption));
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        var databasePath = Path.GetFullPath(options.DatabasePath);
        // The quota binds init's writes as every command's: it is the file's (Hub:MaxDatabasePages).
        var storeOptions = new HubStoreOptions { MaxPageCount = options.MaxDatabasePages };
        // Missing, empty (0 bytes) or with no tables (an init of an earlier release cut short): created, and audited as such.
        var created = DatabaseFile.IsNew(databasePath, DatabaseProgram.Hub);
        var outcome = created
            ? await CreateAsync(databasePath, storeOptions, pkiDirectory, members, seed, context, cancellationToken)
            : await OpenAsync(databasePath, storeOptions, pkiDirectory, members, seed, context, cancellationToken);

        var settings = ServeSettings(options, databasePath, pkiDirectory is null ? null : Path.GetFullPath(pkiDirectory));
        Report(context, outcome, databasePath, pkiDirectory, members.Select(m => m.Code).ToList(), settings);
        return HubCommandLine.Success;
    }

    /// <summary>
    /// A new hub, whole or not at all (<see cref="DatabaseCreation"/>): the development federation first (a refused directory leaves
    /// no database), then the schema, the init entry and the members enrolled, in a file renamed into place once all are
    /// committed. When that fails (a full disk) neither the database nor the federation this run wrote is left behind, so the
    /// same command runs again as it was.
    /// </summary>
    private static async Task<InitOutcome> CreateAsync(
        string databasePath, HubStoreOptions storeOptions, string? pkiDirectory, IReadOnlyList<PartyId> members, byte[]? seed,
        CommandContext context, CancellationToken cancellationToken)
    {
        var pkiExisted = pkiDirectory is not null && System.IO.Directory.Exists(pkiDirectory);
        var federation = pkiDirectory is null ? null : DevelopmentFederationSetup.Create(pkiDirectory, members, seed, context.Time);
        try
        {
            var schemaVersion = await DatabaseCreation.CreateAsync(databasePath, DatabaseProgram.Hub, replace: File.Exists(databasePath), async building =>
            {
                await using var store = HubStore.Open(building, context.Time, storeOptions);
                await store.AuditAsync(CommandContext.Actor, OperatorActions.Init, null, $"schema version {store.Database.SchemaVersion}", cancellationToken);
                await EnrolAsync(store, federation, pkiDirectory, members, cancellationToken);
                return store.Database.SchemaVersion;
            });
            return new InitOutcome(InitResult.Created, schemaVersion);
        }
        catch when (federation is not null)
        {
            // It was new or empty: as it was, so that the same command can be run again once there is room.
            System.IO.Directory.Delete(pkiDirectory!, recursive: true);
            if (pkiExisted)
            {
                System.IO.Directory.CreateDirectory(pkiDirectory!);
            }

            throw;
        }
    }

    /// <summary>
    /// An existing hub: opened (checked, migrated) before the PKI is written, so a refused database leaves no PKI directory
    /// behind to block a re-run. One whose audit log is empty was created by an init of an earlier release cut short before
    /// its entry: that entry is written now, and the hub reported as completed.
    /// </summary>
    private static async Task<InitOutcome> OpenAsync(
        string databasePath, HubStoreOptions storeOptions, string? pkiDirectory, IReadOnlyList<PartyId> members, byte[]? seed,
        CommandContext context, CancellationToken cancellationToken)
    {
        await using var store = HubStore.Open(databasePath, context.Time, storeOptions);
        var result = InitResult.Existed;
        if (!store.HasAuditEntries())
        {
            await store.AuditAsync(CommandContext.Actor, OperatorActions.Init, null,
                $"schema version {store.Database.SchemaVersion}; completes an init cut short before this entry", cancellationToken);
            result = InitResult.Completed;
        }

        var federation = pkiDirectory is null ? null : DevelopmentFederationSetup.Create(pkiDirectory, members, seed, context.Time);
        await EnrolAsync(store, federation, pkiDirectory, members, cancellationToken);
        return new InitOutcome(result, store.Database.SchemaVersion);
    }

    private static async Task EnrolAsync(
        HubStore store, DevelopmentFederation? federation, string? pkiDirectory, IReadOnlyList<PartyId> members, CancellationToken cancellationToken)
    {
        if (federation is null)
        {
            return;
        }

        await store.AuditAsync(CommandContext.Actor, OperatorActions.DevelopmentPki, null,
            $"{Path.GetFullPath(pkiDirectory!)}: {string.Join(",", members.Select(m => m.Code))}", cancellationToken);
        foreach (var member in federation.Members.Values.OrderBy(m => m.Party.Uri, StringComparer.Ordinal))
        {
            await store.UpsertMemberAsync(
                member.Party, MemberStatus.Active, member.Signing.CertificateDer, member.Encryption.CertificateDer, CommandContext.Actor,
                cancellationToken);
        }
    }

    private static void Report(
        CommandContext context, InitOutcome outcome, string databasePath, string? pkiDirectory, List<string> members,
        IReadOnlyList<(string Name, string? Value)> settings)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                Database = databasePath, Created = outcome.Result == InitResult.Created, Completed = outcome.Result == InitResult.Completed,
                SchemaVersion = outcome.SchemaVersion,
                DevelopmentPki = pkiDirectory is null ? null : Path.GetFullPath(pkiDirectory), Enrolled = members,
                ServeSettings = settings.ToDictionary(s => $"{HubOptions.Section}:{s.Name}", s => s.Value),
            });
            return;
        }

        context.Out.WriteLine(outcome.Describe(databasePath));
        if (pkiDirectory is not null)
        {
            context.Out.WriteLine($"DEVELOPMENT federation written to {Path.GetFullPath(pkiDirectory)} (never use it in production).");
            context.Out.WriteLine($"Enrolled as Active: {string.Join(", ", members)}");
        }

        context.Out.WriteLine("Run the hub with:");
        context.Out.WriteLine("  hst-hub serve " + string.Join(" ", settings.Select(s => $"--{HubOptions.Section}:{s.Name}={s.Value ?? "<" + s.Name + ">"}")));
        if (settings.Any(s => s.Value is null))
        {
            context.Out.WriteLine("(the hub's party directory, the federation root certificate and CRL come from the CA operator;");
            context.Out.WriteLine(" then enrol members with 'hst-hub enroll <CC> --party-dir DIR')");
        }
    }

    /// <summary>The paths 'serve' needs: from the development federation, else as configured, else unknown (null).</summary>
    /// <remarks>A development federation also turns the product schedule on (docs/hub.md#products); production leaves it to the operator.</remarks>
    private static List<(string Name, string? Value)> ServeSettings(HubOptions options, string databasePath, string? pki) =>
    [
        (nameof(HubOptions.DatabasePath), databasePath),
        (nameof(HubOptions.CredentialsDirectory), pki is null ? Configured(options.CredentialsDirectory) : FederationLayout.HubDirectory(pki)),
        (nameof(HubOptions.RootCertificatePath), pki is null ? Configured(options.RootCertificatePath) : FederationLayout.RootCertificate(pki)),
        (nameof(HubOptions.RevocationListPath), pki is null ? Configured(options.RevocationListPath) : FederationLayout.RevocationList(pki)),
        .. pki is null ? [] : new[] { ("Products:Enabled", (string?)"true") },
    ];

    private static string? Configured(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
