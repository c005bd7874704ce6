namespace HstFederation.Hub.Tests.Hosting;

/// <summary>Polls a condition about the running hub until it holds (or fails the test after 20 s).</summary>
internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
