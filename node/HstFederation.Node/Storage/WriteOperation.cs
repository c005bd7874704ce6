namespace HstFederation.Node.Storage;

/// <summary>
/// One unit of work queued to the writer loop. The loop runs <see cref="Execute"/> inside a savepoint of the
/// batch transaction (or, alone in its batch, in the transaction itself) and calls <see cref="Complete"/> only after the batch committed, or
/// <see cref="Fail"/> when it did not.
/// </summary>
internal abstract class WriteOperation
{
    protected WriteOperation(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
    }

    /// <summary>The caller's token: an operation whose caller gave up before it ran is skipped.</summary>
    public CancellationToken CancellationToken { get; }

    public abstract void Execute(WriteContext context);

    /// <summary>This operation alone failed (its savepoint, or its lone transaction, was rolled back); reported after the batch ends.</summary>
    public abstract void FailAlone(Exception exception);

    public abstract void Complete();

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}
