namespace HstFederation.Hub.Commands;

/// <summary>Audit action names of operator commands that the store does not already record itself.</summary>
internal static class OperatorActions
{
    /// <summary>`init` created the database.</summary>
    public const string Init = "init";

    /// <summary>`init --dev-pki` created a development federation.</summary>
    public const string DevelopmentPki = "init-dev-pki";

    /// <summary>`revoke --root-key` added a member's certificates to the CRL.</summary>
    public const string RevokeCertificates = "revoke-certificates";

    /// <summary>
    /// An operator listed holdings (`hits`, `status`, `products list|runs`): the detail names the list, what was asked
    /// (its filters) and how many rows were returned; never a hit's explanation. The node's word for its listings.
    /// </summary>
    public const string List = "list";

    /// <summary>
    /// An operator looked at one message's ledger (`ledger`): under the id asked, the detail names the message's hub
    /// sequence and how many holders, hits and audit entries were shown, or why none was. The node's word for the same look.
    /// </summary>
    public const string Ledger = "ledger";
}
