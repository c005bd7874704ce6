namespace HstFederation.Node.Tests.HubLink;

/// <summary>Waits for a condition with a deadline (polling the condition; no fixed sleeps as synchronisation).</summary>
internal static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            try
            {
                await Task.Delay(25, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Not reached within {Deadline.TotalSeconds} s: {what}");
            }
        }
    }
}
