namespace HstFederation.DevPki.Cli;

/// <summary>The usage texts. DEVELOPMENT AND TESTS ONLY is repeated on purpose.</summary>
internal static class HelpText
{
    public const string General = """
        HstFederation development PKI: makes the federation root, the hub's and members' certificates and the CRL.
        DEVELOPMENT AND TESTS ONLY. Never use these keys or this tool in production.

        Usage: dotnet run --project certs-dev/HstFederation.DevPki -- <command> [options]

        Commands:
          create   Create a new federation: root CA, CRL, hub and member credentials.
          revoke   Revoke a member's (or the hub's) certificates and rewrite the CRL.
          crl      Re-issue the CRL with fresh thisUpdate/nextUpdate (it expires closed otherwise).
          issue    New TLS, signing and encryption certificates for a member (or the hub): a key renewal.
          national-ca  Create a member's national CA (agency API trust anchor) and its node's agency-API server certificate.
          agency   Issue an agency's client certificate from a member's national CA.
          matching-key  Write a new federation matching key to every member (never the hub); --rotate keeps the old one.

        Run '<command> --help' for the options of a command.
        """;

    public const string Create = """
        Usage: create --out DIR --members FR,DE,IT [--seed HEX] [--validity-days N] [--crl-days N] [--force]

        Writes a new development federation into DIR:
          DIR/root/root.crt.pem, DIR/root/root.key.pem   the federation root CA (ECDSA P-256)
          DIR/federation.crl.pem                         the root's CRL (empty)
          DIR/hub/                                       urn:hst:hub:IPSG
          DIR/members/FR/ ...                            urn:hst:member:FR, one directory per member
        Each party directory holds tls.crt.pem/tls.key.pem (P-256, serverAuth+clientAuth),
        signing.crt.pem/signing.key.pem (Ed25519) and encryption.crt.pem/encryption.key.pem (X25519).
        Each member directory also holds matching.key: the one federation matching key (id dev-1), the same
        for every member and absent from hub/ (a node's Node:MatchingKeyPath; blind tokens of direct exchanges).

        Options:
          --out DIR            output directory (must be empty or absent unless --force)
          --members LIST       comma-separated ISO 3166-1 alpha-2 codes, e.g. FR,DE,IT,ES
          --seed HEX           derive every key from this seed: same seed, byte-identical output
                               (default: a random seed, printed so the run can be repeated)
          --validity-days N    end-entity certificate validity, default 365
          --crl-days N         days until the CRL's nextUpdate, default 30
          --force              overwrite a non-empty DIR
        """;

    public const string Revoke = """
        Usage: revoke --out DIR (--member XX | --hub | --serial HEX) [--crl-days N]

        Revokes all three certificates of member XX (or the hub's, or one serial number) as of now,
        and rewrites DIR/federation.crl.pem with the next CRL number, signed with DIR/root/root.key.pem.

        Options:
          --out DIR          a federation directory made by 'create'
          --member XX        the member whose TLS, signing and encryption certificates are revoked
          --hub              revoke the hub's certificates instead
          --serial HEX       revoke a single certificate by serial number
          --crl-days N       days until the new CRL's nextUpdate, default 30
        """;

    public const string Crl = """
        Usage: crl --out DIR [--crl-days N]

        Re-issues DIR/federation.crl.pem (same revocations, next CRL number, thisUpdate = now).
        Parties refuse every certificate once the CRL is past nextUpdate plus their grace period.

        Options:
          --out DIR          a federation directory made by 'create'
          --crl-days N       days until the CRL's nextUpdate, default 30
        """;

    public const string Issue = """
        Usage: issue --out DIR (--member XX | --hub) --to NEWDIR [--validity-days N]

        Issues new TLS, signing and encryption certificates, with new keys, for member XX (or the hub) of the
        federation in DIR, signed with DIR/root/root.key.pem and valid from now, and writes the six files
        (tls/signing/encryption .crt.pem and .key.pem) to NEWDIR. The party's current files and the CRL are not
        touched: renew as docs/node.md "Renewing keys" (the hub: docs/hub.md "Renewing the hub's keys") says:
        move the current encryption.* into previous/<name>/ of the party directory, put the new files in place,
        re-enrol a member at the hub (hst-hub enroll XX --party-dir ...), restart. A key that may have leaked is
        then revoked by serial ('revoke --serial HEX', once per old certificate).

        Options:
          --out DIR            a federation directory made by 'create'
          --member XX          the member to issue for
          --hub                issue for the hub instead
          --to NEWDIR          where the new files go: absent or an empty directory
          --validity-days N    validity of the new certificates, default 365
        """;

    public const string NationalCa = """
        Usage: national-ca --out DIR --member FR [--seed HEX] [--dns NAMES] [--validity-days N] [--force]

        Creates member FR's national CA: a root separate from the federation root, trusted only by FR's node
        for its agency API. Writes into DIR/national/FR/:
          root.crt.pem, root.key.pem                the national CA (ECDSA P-256)
          node/agency-api.crt.pem, .key.pem         the node's agency-API server certificate
                                                    (DNS localhost + NAMES, IP 127.0.0.1 and ::1; EKU serverAuth)

        Options:
          --out DIR            a directory (usually the federation directory made by 'create')
          --member FR          the member's ISO 3166-1 alpha-2 code
          --seed HEX           derive the CA key from this seed (default random, printed)
          --dns NAMES          comma-separated extra DNS names for the server certificate
          --validity-days N    validity of the server certificate, default 365
          --force              replace an existing national CA of this member
        """;

    public const string Agency = """
        Usage: agency --out DIR --member FR --name NAME [--validity-days N] [--force]

        Issues agency NAME's client certificate from FR's national CA (made by 'national-ca'):
        CN and single URI SAN urn:hst:agency:FR:NAME, EKU clientAuth, ECDSA P-256. Writes
        DIR/national/FR/agencies/NAME/tls.crt.pem and tls.key.pem. The key derives from the CA key and
        NAME: the same CA issues the same key for the same name.

        Options:
          --out DIR            the directory holding DIR/national/FR
          --member FR          the member whose national CA issues it
          --name NAME          1-63 lower-case letters, digits and inner hyphens, e.g. border-police
          --validity-days N    certificate validity, default 365
          --force              issue again over an existing certificate of NAME
        """;

    public const string MatchingKey = """
        Usage: matching-key --out DIR [--id ID] [--rotate]

        Writes a new federation matching key (32 random bytes, named ID) to DIR/members/<XX>/matching.key for
        every member directory of DIR, and to nothing under DIR/hub: members compute blind tokens of their
        direct exchanges under it (a node's Node:MatchingKeyPath) and the hub, which must not be able to
        compute tokens, never holds it. 'create' already writes one (id dev-1); use this to rotate it.

        Options:
          --out DIR          a federation directory made by 'create'
          --id ID            the new key's id, 1-64 characters without spaces (default dev-<UTC time>)
          --rotate           keep the members' current key after the new one, as the previous key: nodes
                             restarted with the file compute tokens under the new key (docs/node.md,
                             "Rotating the matching key")
        """;
}
