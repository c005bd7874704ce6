using HstFederation.Node.Intelligence;

namespace HstFederation.Node.Commands;

/// <summary>
/// Finds one hit or product from what an operator typed: the short form lists show (the id's last 8 hex digits),
/// any longer end of the id, or the whole id. None, or several (say which), is a failure with what to do.
/// </summary>
internal static class IdSelector
{
    public static async Task<T> ResolveAsync<T>(
        string text, string what, string listCommand, Func<string, Task<IReadOnlyList<T>>> find, Func<T, byte[]> id)
    {
        var selector = IntelligenceIds.Selector(text)
            ?? throw new CommandUsageException(
                $"'{text}' is not a {what} id: give the {IntelligenceIds.ShortLength} hex digits '{listCommand}' shows, or more of the id's end, or all 32.");
        var found = await find(selector);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new CommandFailedException($"no {what} {IntelligenceIds.Describe(selector)} is held ('{listCommand}' lists them)."),
            _ => throw new CommandFailedException(
                $"{IntelligenceIds.Describe(selector)} names several {what}s: {string.Join(", ", found.Select(f => IntelligenceIds.Format(id(f))))}; give more digits."),
        };
    }
}
