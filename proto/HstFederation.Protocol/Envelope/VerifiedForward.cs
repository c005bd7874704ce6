using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>A forward record whose signature, chain position and handling have all been checked.</summary>
public sealed record VerifiedForward(ForwardRecord Record, CertifiedKey Forwarder, ForwardConsent? Consent);
