namespace HstFederation.Demo.Cli;

/// <summary>hst-demo --help.</summary>
internal static class DemoHelp
{
    public const string Text = """
        Usage: hst-demo --pki-tool EXE [--federation FILE] [--hst SCRIPT] [--json] [--timeout SECONDS]

        Drives a running local federation (./hst up) through the parties' real interfaces and checks every
        expectation: FR's NCB reports a smuggling network to DE and IT with its node's CLI (the hub may read it);
        DE's Bundeskriminalamt receives it on its node's agency API (WatchInbox), finds it by phone and answers FR
        through the same API; FR sends ES a direct exchange the hub may not read, carrying a unique canary. Then it
        checks that each message reached exactly its addressees, that every sender holds signed delivery receipts,
        and — the one look behind the interfaces — that the hub's files (database, WAL, log) hold no canary.
        IT and ES then report one recruiter under two spellings: the hub notifies both, IT releases its report to ES,
        and a corridor report reaches the NCBs concerned. Last, FR updates its report (DE and IT get version 2),
        restricts it (IT excluded: IT's node purges its copies and confirms) and recalls the direct exchange while
        ES's node is offline (./hst offline ES): the recall waits at the hub, ES confirms once back online, and ES's
        node files no longer hold the canary.
        Usually run as ./hst demo, which starts a federation first when none is up (docs/local-federation.md).

        Options:
          --pki-tool EXE       the dev PKI executable (HstFederation.DevPki): issues the agency's certificate
          --federation FILE    the federation.json of the running federation (default .hst/federation.json)
          --hst SCRIPT         the ./hst script, to take ES's node offline and back (default ./hst)
          --json               print only a summary on stdout (progress goes to stderr)
          --timeout SECONDS    how long to wait for each acceptance, delivery and receipt (default 60)

        Exit codes: 0 every expectation held; 1 one did not (named on the last line, and as "failed" with --json),
        or the federation could not be used; 2 bad command line; 130 interrupted.
        """;
}
