using System.Globalization;
using System.Text;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// The stored explanation of a hit (hits.explanation): per matched entity its kind, both paths, score and factors —
/// what an operator needs to see why, with no value of either message.
/// </summary>
internal static class HitExplanations
{
    public static string Describe(IReadOnlyList<HitEntity> entities)
    {
        var text = new StringBuilder();
        foreach (var entity in entities)
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{entity.Kind} {entity.NewPath} ~ {entity.HeldPath} {entity.Score:0.00}");
            if (entity.Factors.Count > 0)
            {
                text.Append(" [")
                    .AppendJoin(", ", entity.Factors.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Field} {f.Agreement} {f.Contribution:+0.00;-0.00;0}")))
                    .Append(']');
            }
        }

        return text.ToString();
    }
}
