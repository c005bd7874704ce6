namespace HstFederation.Node.Storage;

/// <summary>
/// One batch: <c>BEGIN IMMEDIATE</c>, a SAVEPOINT per operation (an operation's own failure rolls back only
/// its savepoint), one COMMIT, then the callers. A store fault anywhere rolls back everything. A batch of one
/// operation runs without a savepoint: its failure rolls back the whole transaction, which holds nothing else,
/// and SQLite then keeps no statement sub-journal for it (the node's usual case: one send at a time).
/// </summary>
internal sealed partial class WriterLoop
{
    private void RunBatch(List<WriteOperation> batch)
    {
        try
        {
            var context = new WriteContext(Connection(), _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            context.Connection.Execute("BEGIN IMMEDIATE;");
            if (batch.Count == 1)
            {
                RunAlone(context, batch[0]);
            }
            else
            {
                foreach (var operation in batch)
                {
                    RunOne(context, operation);
                }

                Commit(context);
            }
        }
        catch (Exception exception)
        {
            AbandonBatch(batch, exception);
            return;
        }

        Volatile.Write(ref _lastFault, null);
        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    private void RunAlone(WriteContext context, WriteOperation operation)
    {
        try
        {
            operation.Execute(context);
        }
        catch (Exception exception) when (!StorageFaults.IsStoreFault(exception))
        {
            context.Connection.Execute("ROLLBACK;");
            operation.FailAlone(exception);
            return;
        }

        Commit(context);
    }

    private static void RunOne(WriteContext context, WriteOperation operation)
    {
        context.Connection.Execute("SAVEPOINT operation;");
        try
        {
            operation.Execute(context);
            context.Connection.Execute("RELEASE operation;");
        }
        catch (Exception exception) when (!StorageFaults.IsStoreFault(exception))
        {
            context.Connection.Execute("ROLLBACK TO operation; RELEASE operation;");
            operation.FailAlone(exception);
        }
    }

    private void Commit(WriteContext context)
    {
        if (context.IndexMergeDue)
        {
            // Once per transaction, after every purge in it (LifecyclePurge): no FTS segment keeps a purged copy's tokens.
            context.Connection.Execute("INSERT INTO entity_text (entity_text) VALUES ('optimize');");
            Interlocked.Increment(ref _indexMerges);
        }

        context.Connection.Execute("COMMIT;");
        Interlocked.Increment(ref _commits);
    }

    private void AbandonBatch(List<WriteOperation> batch, Exception exception)
    {
        _connection?.TryRollback();
        CloseConnection();
        Volatile.Write(ref _lastFault, exception);
        var message = StorageFaults.IsDiskFull(exception)
            ? "The node store is full; nothing was committed. Free space or raise the quota, then retry."
            : "The node store could not commit; nothing was committed. Retry later.";
        foreach (var operation in batch)
        {
            operation.Fail(new NodeStoreUnavailableException(message, exception));
        }
    }
}
