namespace HstFederation.Hub.Commands;

/// <summary>Left-aligned columns separated by two spaces, sized to the widest cell.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row has {headers.Length} cells.", nameof(cells));
        }

        _rows.Add(cells);
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
