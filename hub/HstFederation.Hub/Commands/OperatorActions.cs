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
}
