using System.Globalization;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Products;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Commands;

/// <summary>
/// `products run` asks the running hub for a product run (a pending row it picks up within Hub:Products:RequestPoll:
/// the hub's keys and its writer stay in the serving process); `products list` and `products runs` show what was sent
/// and what was asked for. docs/hub.md#products.
/// </summary>
internal sealed class ProductsCommand : IHubCommand
{
    private const string KindOption = "--kind";
    private const string DaysOption = "--days";
    private const string ToOption = "--to";
    private const string WaitOption = "--wait";
    private const string LimitOption = "--limit";
    private const int DefaultDays = 90;

    public string Name => "products";

    public string Summary => "Ask the running hub for a corridor or network report; list products sent and runs.";

    public string Help => """
        Usage: hst-hub products run --kind corridor|network [--days N] [--to FR,DE] [--wait SECONDS] [--json]
               hst-hub products list [--to FR] [--limit N] [--json]
               hst-hub products runs [--limit N] [--json]

        'run' asks the running hub (hst-hub serve on the same Hub:DatabasePath) for one product over the messages
        created in the last N days (default 90): a corridor report (routes as origin → transit → destination with
        counts of messages, persons and fatalities) or a network report (persons and organisations linked across
        messages and countries). Each NCB gets its own, built only from the messages it may read, as a message signed
        by the hub and encrypted to it. Without --to: every active member that may read at least one message of the
        period and has something to report; with --to: exactly those members. The request is written to the
        database (audited as yours) and the running hub carries it out within Hub:Products:RequestPoll; if the hub
        is not running, when it starts. --wait SECONDS waits that long for it to be done and prints the outcome.

        'list' shows the products sent (newest first; never their content) and, for one the hub purged because a
        source it was built from was recalled or expired, or restricted so that its recipient may no longer read
        it, when and why; 'runs' the runs asked for or scheduled,
        pending or done with what was sent to whom. Needs Hub:DatabasePath only. 'list' and 'runs' change nothing but
        name who holds which product, so each writes one 'list' audit entry as operator:<user> (the options and how many
        rows were returned) before anything is shown; if it cannot be written, nothing is shown and the exit is 1.

        Example:
          $ hst-hub products run --kind corridor --days 30 --wait 60
          Run 4: corridor report over 2026-02-01 12:00:00Z .. 2026-03-03 12:00:00Z for the NCBs concerned.
          Done: sent to DE,FR,IT; nothing to report for ES
          $ hst-hub products list
          PRODUCED              KIND      RECIPIENT          PERIOD                    SOURCES  RUN  PRODUCT                           STATE
          2026-03-03 12:00:01Z  corridor  urn:hst:member:DE  2026-02-01 .. 2026-03-03  3        4    0195f0c25e6b7a8c9d0e1f2a3b4c5d6e  sent
          2026-03-01 12:00:00Z  corridor  urn:hst:member:IT  2026-01-30 .. 2026-03-01  2        3    0195e6f01a2b7c3d8e4f5a6b7c8d9e0f  purged 2026-03-02 09:14:05Z: FR's 0195e2a1-7c3d-7e4f-8a5b-6c7d8e9f0a1b recalled
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string> { KindOption, DaysOption, ToOption, WaitOption, LimitOption };

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        var action = arguments.Positionals.Count == 0 ? throw new CommandUsageException("missing run, list or runs.") : arguments.Positionals[0];
        arguments.ExpectPositionals(action);
        Allow(arguments, action, action switch
        {
            "run" => [KindOption, DaysOption, ToOption, WaitOption],
            "list" => [ToOption, LimitOption],
            "runs" => [LimitOption],
            _ => throw new CommandUsageException($"unknown products action '{action}' (run, list or runs)."),
        });
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        await using var store = context.OpenStore(options);
        return action switch
        {
            "run" => await RequestAsync(context, store, cancellationToken),
            "list" => await ListAsync(context, store, options, cancellationToken),
            _ => await RunsAsync(context, store, options, cancellationToken),
        };
    }

    private static async Task<int> RequestAsync(CommandContext context, HubStore store, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments;
        var kindText = arguments.Required(KindOption);
        var kind = ProductOptions.ParseKind(kindText)
            ?? throw new CommandUsageException($"{KindOption} is corridor or network, not '{kindText}'.");
        var days = Number(arguments.Optional(DaysOption), DaysOption, DefaultDays, 1, 3650);
        var wait = Number(arguments.Optional(WaitOption), WaitOption, 0, 1, 3600);
        var recipients = arguments.Optional(ToOption) is { } list ? MemberCodes.ParseList(list, ToOption) : null;
        if (recipients is not null)
        {
            var enrolled = (await store.ListMembersAsync(cancellationToken)).Select(member => member.Party).ToHashSet();
            var unknown = recipients.Where(party => !enrolled.Contains(party)).Select(party => party.Code).ToList();
            if (unknown.Count > 0)
            {
                throw new CommandFailedException($"not enrolled: {string.Join(", ", unknown)} ('hst-hub members' lists the members).");
            }
        }

        var period = ProductPeriod.Ending(context.Time.GetUtcNow(), TimeSpan.FromDays(days));
        var runId = await store.AddProductRunAsync(kind, ProductOrigin.Request, period.StartMs, period.EndMs, recipients, CommandContext.Actor, cancellationToken);
        var run = await WaitAsync(context, store, runId, TimeSpan.FromSeconds(wait), cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new { Run = Json(run) });
        }
        else
        {
            var audience = recipients is null ? "the NCBs concerned" : string.Join(",", recipients.Select(party => party.Code));
            context.Out.WriteLine($"Run {runId}: {ProductRows.Name(kind)} report over {Period(run.PeriodStartMs, run.PeriodEndMs)} for {audience}.");
            context.Out.WriteLine(run.CompletedAtMs is null
                ? $"Pending: the running hub carries it out within {HubOptions.Section}:Products:RequestPoll ('hst-hub products runs' shows when it is done)."
                : $"Done: {run.Outcome}");
        }

        // A wait that ran out is not a failure of the request: the run stays pending and the hub still does it.
        return HubCommandLine.Success;
    }

    private static async Task<ProductRunRecord> WaitAsync(CommandContext context, HubStore store, long runId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = context.Time.GetUtcNow() + wait;
        while (true)
        {
            var run = await store.FindProductRunAsync(runId, cancellationToken) ?? throw new CommandFailedException($"run {runId} disappeared.");
            if (run.CompletedAtMs is not null || context.Time.GetUtcNow() >= deadline)
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), context.Time, cancellationToken);
        }
    }

    /// <summary>Which member was sent which product, and which source's message purged it: audited as a `list` (<see cref="AuditedRead"/>).</summary>
    private static async Task<int> ListAsync(CommandContext context, HubStore store, HubOptions options, CancellationToken cancellationToken)
    {
        PartyId? recipient = context.Arguments.Optional(ToOption) is { } code ? MemberCodes.Parse(code) : null;
        var limit = Number(context.Arguments.Optional(LimitOption), LimitOption, 50, 1, 10_000);
        var products = await store.RecentProductsAsync(limit, recipient, cancellationToken);
        var to = recipient is { } party ? " to=" + party.Uri : string.Empty;
        await AuditedRead.RecordAsync(
            store, options, OperatorActions.List, null, $"products{to} limit={Count(limit)} returned={Count(products.Count)}", cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new
            {
                Products = products.Select(p => new
                {
                    ProductId = Convert.ToHexStringLower(p.ProductId),
                    Kind = ProductRows.Name(p.Kind),
                    Recipient = p.Recipient.Uri,
                    PeriodStart = CommandContext.FromUnixMs(p.PeriodStartMs),
                    PeriodEnd = CommandContext.FromUnixMs(p.PeriodEndMs),
                    ProducedAt = CommandContext.FromUnixMs(p.ProducedAtMs),
                    Sources = p.SourceCount,
                    p.Truncated,
                    p.RunId,
                    MessageId = MessageIds.Format(p.MessageId),
                    State = p.PurgedAtMs is null ? "sent" : "purged",
                    PurgedAt = p.PurgedAtMs is { } at ? CommandContext.FromUnixMs(at) : (DateTimeOffset?)null,
                    PurgeCause = p.PurgedAtMs is null ? null : PurgedProducts.Cause(p.PurgeCause),
                    PurgedBy = p.PurgedBy is { } source ? new { Sender = source.Sender.Uri, MessageId = MessageIds.Format(source.MessageId) } : null,
                }),
            });
            return HubCommandLine.Success;
        }

        if (products.Count == 0)
        {
            context.Out.WriteLine("No products sent yet ('hst-hub products run --kind corridor' asks for one).");
            return HubCommandLine.Success;
        }

        var table = new TextTable("PRODUCED", "KIND", "RECIPIENT", "PERIOD", "SOURCES", "RUN", "PRODUCT", "STATE");
        foreach (var p in products)
        {
            table.Add(
                CommandContext.Format(CommandContext.FromUnixMs(p.ProducedAtMs)), ProductRows.Name(p.Kind), p.Recipient.Uri, Days(p.PeriodStartMs, p.PeriodEndMs),
                Count(p.SourceCount) + (p.Truncated ? " (truncated)" : ""), Count(p.RunId), Convert.ToHexStringLower(p.ProductId), State(p));
        }

        table.WriteTo(context.Out);
        return HubCommandLine.Success;
    }

    /// <summary>"sent", or "purged" with when and why: which source (its sender's code and message id) was recalled, expired or restricted.</summary>
    private static string State(ProductRecord product) => product is { PurgedAtMs: { } at, PurgedBy: { } source }
        ? $"purged {CommandContext.Format(CommandContext.FromUnixMs(at))}: {source.Sender.Code}'s {MessageIds.Format(source.MessageId)} {PurgedProducts.Cause(product.PurgeCause)}"
        : "sent";

    /// <summary>Runs with their recipients and outcome (who got a product): audited as a `list` too.</summary>
    private static async Task<int> RunsAsync(CommandContext context, HubStore store, HubOptions options, CancellationToken cancellationToken)
    {
        var limit = Number(context.Arguments.Optional(LimitOption), LimitOption, 20, 1, 10_000);
        var runs = await store.RecentProductRunsAsync(limit, cancellationToken);
        await AuditedRead.RecordAsync(
            store, options, OperatorActions.List, null, $"product-runs limit={Count(limit)} returned={Count(runs.Count)}", cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new { Runs = runs.Select(Json) });
            return HubCommandLine.Success;
        }

        if (runs.Count == 0)
        {
            context.Out.WriteLine("No product runs yet.");
            return HubCommandLine.Success;
        }

        var table = new TextTable("RUN", "KIND", "ORIGIN", "PERIOD", "FOR", "REQUESTED", "BY", "STATE", "OUTCOME");
        foreach (var run in runs)
        {
            table.Add(
                Count(run.RunId), ProductRows.Name(run.Kind), run.Origin == ProductOrigin.Schedule ? "schedule" : "request",
                Days(run.PeriodStartMs, run.PeriodEndMs), run.Recipients is null ? "concerned" : string.Join(",", run.Recipients.Select(p => p.Code)),
                CommandContext.Format(CommandContext.FromUnixMs(run.RequestedAtMs)), run.RequestedBy,
                run.CompletedAtMs is { } done ? "done " + CommandContext.Format(CommandContext.FromUnixMs(done)) : "pending", run.Outcome ?? "");
        }

        table.WriteTo(context.Out);
        return HubCommandLine.Success;
    }

    private static object Json(ProductRunRecord run) => new
    {
        run.RunId,
        Kind = ProductRows.Name(run.Kind),
        Origin = run.Origin == ProductOrigin.Schedule ? "schedule" : "request",
        PeriodStart = CommandContext.FromUnixMs(run.PeriodStartMs),
        PeriodEnd = CommandContext.FromUnixMs(run.PeriodEndMs),
        Recipients = run.Recipients?.Select(party => party.Code),
        RequestedAt = CommandContext.FromUnixMs(run.RequestedAtMs),
        run.RequestedBy,
        State = run.CompletedAtMs is null ? "pending" : "done",
        CompletedAt = run.CompletedAtMs is { } ms ? CommandContext.FromUnixMs(ms) : (DateTimeOffset?)null,
        run.Products,
        run.Outcome,
    };

    private static void Allow(CommandArguments arguments, string action, string[] allowed)
    {
        foreach (var option in new[] { KindOption, DaysOption, ToOption, WaitOption, LimitOption }.Except(allowed))
        {
            if (arguments.Optional(option) is not null)
            {
                throw new CommandUsageException($"{option} does not apply to 'products {action}'.");
            }
        }
    }

    internal static int Number(string? text, string option, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CommandUsageException($"{option} is a whole number from {min} to {max}.");
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Period(long startMs, long endMs) =>
        $"{CommandContext.Format(CommandContext.FromUnixMs(startMs))} .. {CommandContext.Format(CommandContext.FromUnixMs(endMs))}";

    private static string Days(long startMs, long endMs) =>
        $"{CommandContext.FromUnixMs(startMs).UtcDateTime:yyyy-MM-dd} .. {CommandContext.FromUnixMs(endMs).UtcDateTime:yyyy-MM-dd}";
}
