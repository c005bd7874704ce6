using System.Globalization;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Intelligence;

/// <summary>A checked analytical product for this NCB, with the one-line description lists show.</summary>
internal sealed record ReceivedProduct(AnalyticalProduct Product)
{
    public byte[] ProductId => Product.ProductId.ToByteArray();

    public string Description => Report + (Product.Truncated ? " (truncated)" : string.Empty);

    private string Report => Product.ReportCase switch
    {
        AnalyticalProduct.ReportOneofCase.Corridor => string.Create(CultureInfo.InvariantCulture, $"{Product.Corridor.Corridors.Count} corridors"),
        AnalyticalProduct.ReportOneofCase.Network => string.Create(CultureInfo.InvariantCulture,
            $"{Product.Network.Nodes.Count} nodes, {Product.Network.Edges.Count} edges"),
        _ => "empty",
    };
}
