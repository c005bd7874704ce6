using System.Globalization;

namespace HstFederation.Node.Commands;

/// <summary>The paging options `outbox` and `inbox` share: --limit N and --before LOCAL_ID (the next page).</summary>
internal static class ListOptions
{
    public const string Limit = "--limit";
    public const string Before = "--before";
    public const string Since = "--since";

    public const string Help = """
          --limit N          at most N messages (default 50, at most 1000), newest first
          --before ID        the next page: messages older than this local id (the previous page's last)
          --since DATE       only messages from this UTC date or time on (2026-11-01 or 2026-11-01T08:00:00Z)
        """;

    public static long? BeforeLocalId(CommandArguments arguments) =>
        arguments.Optional(Before) is not { } text ? null
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id
            : throw new CommandUsageException($"{Before} takes a local id (a positive whole number), not '{text}'.");

    public static long? SinceMs(CommandArguments arguments) =>
        arguments.Optional(Since) is not { } text ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at.ToUnixTimeMilliseconds()
                : throw new CommandUsageException($"{Since} takes a UTC date or time such as 2026-11-01 or 2026-11-01T08:00:00Z, not '{text}'.");

    /// <summary>The "More:" line: the command as the operator gave it (filters, --config, settings), the next --before.</summary>
    public static void WriteNextPage(CommandContext context, string command, long? next)
    {
        if (next is { } before)
        {
            var given = context.Arguments.Echo(Before);
            context.Out.WriteLine(
                $"More: hst-node {command}{(given.Length > 0 ? " " + given : string.Empty)} {Before} {before.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
