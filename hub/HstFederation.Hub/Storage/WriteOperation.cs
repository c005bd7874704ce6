namespace HstFederation.Hub.Storage;

/// <summary>
/// One unit of work queued to the writer loop. The loop runs <see cref="Execute"/> inside a savepoint of the
/// batch transaction and calls <see cref="Complete"/> only after the batch committed, or
/// <see cref="Fail"/> when it did not.
/// </summary>
internal abstract class WriteOperation
{
    protected WriteOperation(CancellationToken cancellationToken, bool deferrable)
    {
        CancellationToken = cancellationToken;
        Deferrable = deferrable;
    }

    /// <summary>The caller's token: an operation whose caller gave up before it ran is skipped.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Work nobody waits on for latency (acknowledgements): run after the rest of its batch, within a budget.</summary>
    public bool Deferrable { get; }

    public abstract void Execute(WriteContext context);

    /// <summary>This operation alone failed (its savepoint was rolled back); reported after the commit.</summary>
    public abstract void FailAlone(Exception exception);

    public abstract void Complete();

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}
