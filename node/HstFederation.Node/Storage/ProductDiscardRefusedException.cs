namespace HstFederation.Node.Storage;

/// <summary>
/// A product discard refused inside its transaction (or its preview): no such copy, not a product, already purged, or
/// recorded (its sources known, so the purge of one reaches it).
/// </summary>
internal sealed class ProductDiscardRefusedException : Exception
{
    public ProductDiscardRefusedException()
    {
    }

    public ProductDiscardRefusedException(string message)
        : base(message)
    {
    }

    public ProductDiscardRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
