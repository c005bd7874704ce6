namespace HstFederation.Protocol.Pki;

/// <summary>Keys are separate per use; each certificate certifies exactly one purpose.</summary>
public enum CertificatePurpose
{
    /// <summary>ECDSA P-256, EKU serverAuth + clientAuth: the mutual-TLS identity.</summary>
    Tls = 1,

    /// <summary>Ed25519, key usage digitalSignature: signs envelopes, forwards, receipts.</summary>
    MessageSigning = 2,

    /// <summary>X25519, key usage keyAgreement: content keys are wrapped to it.</summary>
    MessageEncryption = 3,
}
