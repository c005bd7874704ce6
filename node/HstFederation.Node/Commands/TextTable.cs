namespace HstFederation.Node.Commands;

/// <summary>Left-aligned columns separated by two spaces, sized to the widest cell; cells are made safe for a terminal.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public int Count => _rows.Count - 1;

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row has {headers.Length} cells.", nameof(cells));
        }

        _rows.Add([.. cells.Select(c => Display.Safe(c, 60))]);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = Enumerable.Range(0, headers.Length).Select(column => _rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in _rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }
    }
}
