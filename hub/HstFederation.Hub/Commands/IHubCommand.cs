namespace HstFederation.Hub.Commands;

/// <summary>One `hst-hub` operator command. Options not declared here are usage errors.</summary>
internal interface IHubCommand
{
    string Name { get; }

    /// <summary>One line for the general usage.</summary>
    string Summary { get; }

    /// <summary>What `hst-hub &lt;command&gt; --help` prints: usage, what it does, options, an example.</summary>
    string Help { get; }

    /// <summary>Options that take a value ("--name value"); --json and --help are always accepted.</summary>
    IReadOnlySet<string> ValueOptions { get; }

    /// <summary>Options without a value that only this command accepts (revoke's --yes); none by default.</summary>
    IReadOnlySet<string> Flags => new HashSet<string>();

    Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken);
}
