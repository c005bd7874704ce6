namespace HstFederation.Hub.Storage;

/// <summary>
/// One batch: <c>BEGIN IMMEDIATE</c>, a SAVEPOINT per operation (an operation's own failure rolls back only
/// its savepoint), one COMMIT, then the callers. A store fault anywhere rolls back everything.
/// </summary>
internal sealed partial class WriterLoop
{
    private void RunBatch(List<WriteOperation> batch)
    {
        WriteContext context;
        try
        {
            context = new WriteContext(Connection(), _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            context.Connection.Execute("BEGIN IMMEDIATE;");
            foreach (var operation in batch)
            {
                RunOne(context, operation);
            }

            context.Connection.Execute("COMMIT;");
            Interlocked.Increment(ref _commits);
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

        _signals.Publish(context.NewDeliveries);
        if (context.LatestAccepted > 0)
        {
            _accepted.Publish([(Protocol.Identities.PartyId.Hub.Uri, context.LatestAccepted)]);
        }
    }

    private static void RunOne(WriteContext context, WriteOperation operation)
    {
        context.BeginOperation();
        context.Connection.Execute("SAVEPOINT operation;");
        try
        {
            operation.Execute(context);
            context.Connection.Execute("RELEASE operation;");
        }
        catch (Exception exception) when (!StorageFaults.IsStoreFault(exception))
        {
            context.Connection.Execute("ROLLBACK TO operation; RELEASE operation;");
            context.DiscardOperation();
            operation.FailAlone(exception);
        }
    }

    private void AbandonBatch(List<WriteOperation> batch, Exception exception)
    {
        _connection?.TryRollback();
        CloseConnection();
        Volatile.Write(ref _lastFault, exception);
        HubStoreLog.BatchAbandoned(_logger, batch.Count, StorageFaults.IsDiskFull(exception), exception);
        var message = StorageFaults.IsDiskFull(exception)
            ? "The hub store is full; nothing was committed. Retry later."
            : "The hub store could not commit; nothing was committed. Retry later.";
        foreach (var operation in batch)
        {
            operation.Fail(new StoreUnavailableException(message, exception));
        }
    }
}
