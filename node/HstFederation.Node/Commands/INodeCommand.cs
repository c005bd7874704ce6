namespace HstFederation.Node.Commands;

/// <summary>One `hst-node` operator command. Options not declared here are usage errors.</summary>
internal interface INodeCommand
{
    string Name { get; }

    /// <summary>One line for the general usage.</summary>
    string Summary { get; }

    /// <summary>What `hst-node &lt;command&gt; --help` prints: usage, what it does, options, an example.</summary>
    string Help { get; }

    /// <summary>Options that take a value ("--to DE,IT"); --json, --help and --config are always accepted.</summary>
    IReadOnlySet<string> ValueOptions { get; }

    /// <summary>Options without a value, or with yes or no ("--hub-may-read", "--hub-may-read no").</summary>
    IReadOnlySet<string> Flags => new HashSet<string>();

    Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken);
}
