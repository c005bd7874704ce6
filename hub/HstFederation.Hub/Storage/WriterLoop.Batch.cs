namespace HstFederation.Hub.Storage;

/// <summary>
/// One batch: <c>BEGIN IMMEDIATE</c>, a SAVEPOINT per operation (an operation's own failure rolls back only
/// its savepoint), one COMMIT, then the callers. A store fault anywhere rolls back everything.
/// </summary>
internal sealed partial class WriterLoop
{
    /// <param name="batch">The operations taken that are not deferrable; the deferrable ones run are added to it.</param>
    /// <param name="deferred">Deferrable operations held aside, oldest first; those run are taken off it.</param>
    private void RunBatch(List<WriteOperation> batch, Queue<WriteOperation> deferred, long started)
    {
        WriteContext context;
        TimeSpan committed;
        try
        {
            context = new WriteContext(Connection(), _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            context.Connection.Execute("BEGIN IMMEDIATE;");
            foreach (var operation in batch)
            {
                RunOne(context, operation);
            }

            RunDeferred(context, batch, deferred, started);
            var committing = _timeProvider.GetTimestamp();
            context.Connection.Execute("COMMIT;");
            committed = _timeProvider.GetElapsedTime(committing);
            Interlocked.Add(ref _commitTicks, committed.Ticks);
            Interlocked.Increment(ref _commits);
        }
        catch (Exception exception)
        {
            Account(batch.Count, started);
            AbandonBatch(batch, deferred, exception);
            return;
        }

        Volatile.Write(ref _lastFault, null);

        // Outside the try: the batch is committed, so nothing a listener does may turn it into an abandoned one.
        Committed?.Invoke(committed);

        // Before the callers resume: the intelligence worker, resuming from its own commit, must see what left the index.
        _withdrawals.Publish(context.LeftIndex);

        // Also before the callers resume, so that usually a recall's receipt means the bytes are gone from the files, WAL
        // included; a reader on an older snapshot makes the checkpoint wait for a later batch or the timer instead
        // (docs/lifecycle.md §7: the caller's answer does not wait for it).
        _checkpointPending |= context.CheckpointRequested;
        if (_checkpointPending)
        {
            Checkpoint();
        }

        // Counted before any caller resumes: a caller that reads the counters after its write sees its batch in them.
        Account(batch.Count, started);
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

    private void Account(int operations, long started)
    {
        Interlocked.Add(ref _busyTicks, _timeProvider.GetElapsedTime(started).Ticks);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _operations, operations);
    }

    /// <summary>
    /// After a purge: copies the WAL into the file and truncates it, so no earlier frame still holds purged bytes
    /// (secure_delete zeroed them in the pages themselves). A reader still on an older snapshot (an operator's ledger or
    /// verify-audit on the live file, a long stream page) makes SQLite report the checkpoint busy. It does so at once:
    /// the writer's busy timeout is off around it, since waiting for that reader would hold every write behind it (and
    /// again after each batch while it stays busy). It is tried again after the next batch, and on a timer when none
    /// comes, until it completes.
    /// </summary>
    private void Checkpoint()
    {
        try
        {
            var connection = Connection();
            connection.Execute("PRAGMA busy_timeout = 0;");
            try
            {
                _checkpointPending = connection.Query("PRAGMA wal_checkpoint(TRUNCATE);", reader => reader.Read() && reader.GetInt64(0) != 0);
            }
            finally
            {
                connection.Execute($"PRAGMA busy_timeout = {_database.BusyTimeoutMs};");
            }
        }
        catch (Exception exception) when (StorageFaults.IsStoreFault(exception))
        {
            HubStoreLog.CheckpointFailed(_logger, exception);
        }

        if (_checkpointPending)
        {
            _checkpointRetry.Change(CheckpointRetryInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// After the batch's other work: deferrable operations up to the batch bound when there was none, otherwise at least
    /// one (even in a full batch: under sustained load the others would fill every batch) and then more only while the
    /// batch is under the bound and has run for less than the budget.
    /// </summary>
    private void RunDeferred(WriteContext context, List<WriteOperation> batch, Queue<WriteOperation> deferred, long started)
    {
        var budgeted = batch.Count > 0;
        var ranOne = false;
        while ((!ranOne || batch.Count < _maxBatch) && deferred.TryDequeue(out var operation))
        {
            if (operation.CancellationToken.IsCancellationRequested)
            {
                operation.Cancel();
                continue;
            }

            batch.Add(operation);
            RunOne(context, operation);
            ranOne = true;
            if (budgeted && _timeProvider.GetElapsedTime(started) >= _deferredBudget)
            {
                break;
            }
        }
    }

    private static void RunOne(WriteContext context, WriteOperation operation)
    {
        context.BeginOperation();
        context.Connection.Execute("SAVEPOINT operation;");
        try
        {
            operation.Execute(context);
            if (context.HasUnannouncedHubWithdrawals)
            {
                // A withdrawal of the hub's own message whose member would never be told (docs/intelligence.md, Withdrawals):
                // a caller that forgot HubWithdrawalNotices.Send. Rolled back, not committed silently.
                throw new InvalidOperationException("The operation withdrew deliveries of the hub's own messages without queuing their HubWithdrawal.");
            }

            context.Connection.Execute("RELEASE operation;");
        }
        catch (Exception exception) when (!StorageFaults.IsStoreFault(exception))
        {
            context.Connection.Execute("ROLLBACK TO operation; RELEASE operation;");
            context.DiscardOperation();
            operation.FailAlone(exception);
        }
    }

    /// <summary>
    /// Fails every operation taken: those of the batch and the deferrable ones held aside, as if they had been in it (a
    /// fault that persists would otherwise have the loop retry the held ones without end, each caller left waiting).
    /// </summary>
    private void AbandonBatch(List<WriteOperation> batch, Queue<WriteOperation> deferred, Exception exception)
    {
        _connection?.TryRollback();
        CloseConnection();
        Volatile.Write(ref _lastFault, exception);
        HubStoreLog.BatchAbandoned(_logger, batch.Count + deferred.Count, StorageFaults.IsDiskFull(exception), exception);
        var message = StorageFaults.IsDiskFull(exception)
            ? "The hub store is full; nothing was committed. Retry later."
            : "The hub store could not commit; nothing was committed. Retry later.";
        foreach (var operation in batch.Concat(deferred))
        {
            operation.Fail(new StoreUnavailableException(message, exception));
        }

        deferred.Clear();
    }
}
