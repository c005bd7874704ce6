namespace HstFederation.Hub.Storage;

/// <summary>
/// Queued by the writer's timer while a checkpoint after a purge is pending: wakes the loop on an idle hub so that it
/// tries the checkpoint again. Not a write: the loop takes it out of the batch and runs nothing for it.
/// </summary>
internal sealed class CheckpointRetry : WriteOperation
{
    public static readonly CheckpointRetry Instance = new();

    private CheckpointRetry()
        : base(CancellationToken.None, deferrable: false)
    {
    }

    public override void Execute(WriteContext context)
    {
    }

    public override void FailAlone(Exception exception)
    {
    }

    public override void Complete()
    {
    }

    public override void Fail(Exception exception)
    {
    }

    public override void Cancel()
    {
    }
}
