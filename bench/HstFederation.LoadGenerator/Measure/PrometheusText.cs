using System.Globalization;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>
/// A small, tolerant reader of the Prometheus text exposition format: <c>name value</c> or
/// <c>name{labels} value [timestamp]</c> per line; comments (<c># HELP</c>, <c># TYPE</c>, <c># EOF</c>), blank
/// lines and lines it cannot read are skipped. The series of one name (any labels, such as
/// <c>otel_scope_name</c>) are summed.
/// </summary>
internal static class PrometheusText
{
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny('{', ' ', '\t');
            if (nameEnd <= 0)
            {
                continue;
            }

            var name = line[..nameEnd].ToString();
            var rest = line[nameEnd..];
            if (rest[0] == '{')
            {
                var close = LabelsEnd(rest);
                if (close < 0)
                {
                    continue;
                }

                rest = rest[(close + 1)..];
            }

            rest = rest.TrimStart();
            var valueEnd = rest.IndexOfAny(' ', '\t');
            var token = valueEnd < 0 ? rest : rest[..valueEnd];
            if (TryNumber(token, out var value))
            {
                values[name] = values.GetValueOrDefault(name) + value;
            }
        }

        return values;
    }

    /// <summary>The index of the '}' closing the label set that <paramref name="labels"/> starts with (quoted values may hold braces and escaped quotes), or -1.</summary>
    private static int LabelsEnd(ReadOnlySpan<char> labels)
    {
        var quoted = false;
        for (var i = 1; i < labels.Length; i++)
        {
            switch (labels[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case '}' when !quoted:
                    return i;
            }
        }

        return -1;
    }

    private static bool TryNumber(ReadOnlySpan<char> token, out double value)
    {
        switch (token)
        {
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
