namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>What a hub delivery row carries (table deliveries, column kind).</summary>
internal enum DeliveryKind
{
    /// <summary>An envelope for its recipient.</summary>
    Envelope,

    /// <summary>A recipient's delivery receipt relayed to the envelope's sender.</summary>
    Relay,
}
