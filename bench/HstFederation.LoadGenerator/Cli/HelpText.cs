namespace HstFederation.LoadGenerator.Cli;

internal static class HelpText
{
    public const string Usage = """
        HstFederation.LoadGenerator: drives a real hub process over mutual TLS 1.3 as N simulated members and
        measures it next to baselines taken in the same run on the same machine (docs/performance.md).

        Run (from the repository root; a Release build, nothing else running on the machine for real figures):
          dotnet run -c Release --project bench/HstFederation.LoadGenerator -- --profile full
          dotnet run -c Release --project bench/HstFederation.LoadGenerator -- --report docs/performance.md

        Commands and options:
          [run] --profile NAME    smoke (about 20 s, proves the tool works; its figures mean nothing),
                                  full (the docs/performance.md figures, about 8 minutes), soak (10 minutes of
                                  one load with a slow subscriber; hub memory over time). Default: smoke.
                --scenario NAME   run only this scenario of the profile (repeatable)
                --out DIR         where the result JSON goes (default LoadGenerator.Artifacts/)
                --work DIR        where the PKI and hub databases go (default: a new temporary directory)
                --keep            keep the work directory afterwards
                --max-backlog N   open loop: at most N submissions unanswered at once, in flight or waiting
                                  to be retried (default 256); beyond it sends wait, and the scenario reports
                                  the offered rate as not sustained (offered vs achieved rate, backlog peak)
                --scale FACTOR    multiply every scenario's message counts (e.g. 0.1: a quick look at a
                                  profile's shapes; the figures are then not the profile's)
                --warmup N        warm-up messages per scenario, sent through the hub before the timed phase
                                  and left out of every figure; the echo baseline sends them too. After them
                                  the generator waits (at most 30 s) for the hub's tiered JIT to go quiet.
                                  0: no warm-up and no wait. Default: the profile's (full: 600-24,000, ~15-20
                                  s of load, for the JIT to finish; the row "hub's JIT re-compiling" shows if
                                  it did; its slow-subscriber scenario 200), else 10 % of the timed messages,
                                  at least 200 (smoke's and soak's slow-subscriber scenarios: 40 and 200)
                --senders N       sending members per scenario, instead of each scenario's own (at most the
                                  profile's members). They share the scenario's load: an open loop's rate, a
                                  closed loop's submissions in flight (over 16 in flight per member meets the
                                  hub's limit, and its refusals are retried and counted)
                --in-flight N     closed loop: submissions in flight at once, instead of each scenario's own
                                  (the echo baseline keeps as many in flight); open-loop scenarios ignore it
          --report [FILE]         render the newest result (or --json FILE) as markdown; with FILE, rewrite the
                                  load generator's generated section of FILE and write the PNG plots to
                                  --images DIR (default: images/ beside FILE)
          --plots DIR             only write the PNG plots of the newest result (or --json FILE) to DIR
          --help                  this text

        Each scenario starts a fresh `hst-hub serve` on a copy of a database made by `hst-hub init --dev-pki`,
        seals every envelope and writes every delivery receipt before anything is timed (each acknowledge
        call signs its receipts as one batch, one signature, as a node does), sends the warm-up
        messages all the way through (receipts, deliveries, acknowledgements, relayed receipts; JIT tiering,
        connections and caches settle), then measures the timed messages only:
          hub        accepted msgs/s, deliveries/s, submit->receipt, submit->all-delivered and
                     submit->all-receipts-relayed latency (p50/p90/p99/max), hub CPU s/msg (/proc CPU
                     time read after the warm-up), hub peak RSS (VmHWM reset after the warm-up), the store
                     writer's utilisation, time per message, commit share and operations per batch (the hub's
                     hst_hub_writer_* counters from its /metrics, scraped at the same points as the CPU), and
                     the mean time of a Submit inside the hub (its hst_hub_submit_duration histogram), and
                     how its threads were scheduled (Linux /proc/PID/task/*/schedstat): the writer thread's
                     time on a CPU, waiting for one and neither, its threads' total run-queue time, and
                     the CPU of its tiered-JIT thread (read every 0.5 s; above 0, the hub was still warming)
          baselines  (a) unary echo of the same envelopes over the same mutual TLS, same load shape;
                     (b) plain server streams of envelope-sized payloads to as many subscribers;
                     (c) raw SQLite inserts of the same rows with the hub writer's pragmas
        and prints every hub figure as a ratio to its baseline. A submission refused as retriable or failed in
        transport (HTTP/2 STREAM_CLOSED, a reset connection) is sent again (idempotent) and counted by label.
        A scenario that fails is recorded as failed (its step and error) and the run goes on; the result file
        holds every completed scenario and every failed one. Exit code 0 when every scenario completed and every
        message was receipted, delivered and relayed exactly once, 1 otherwise or on failure, 2 on a bad
        command line.
        """;
}
