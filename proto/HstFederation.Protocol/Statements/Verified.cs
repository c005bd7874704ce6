using HstFederation.Protocol.Pki;

namespace HstFederation.Protocol.Statements;

/// <summary>A statement whose signature and signer certificate were verified.</summary>
public sealed record Verified<T>(T Statement, CertifiedKey Signer)
    where T : class;
