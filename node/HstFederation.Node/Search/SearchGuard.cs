using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HstFederation.Node.Search;

/// <summary>
/// Stops a search on its read connection when the caller's token fires (the agency went away) or when it has done
/// <c>maxSteps</c> of SQLite virtual-machine steps, through SQLite's progress handler: SQLite calls it every
/// <see cref="StepsPerCheck"/> steps and interrupts the statement when it answers non-zero. Counting steps, not time, a
/// search's cost is the same on every run over the same data. The handler is removed before the connection returns to
/// the pool. The full-text index's own prefix expansion runs inside one step, which is why <see cref="FtsQuery"/> allows
/// no prefix shorter than <see cref="FtsQuery.MinPrefixLength"/> characters.
/// </summary>
internal sealed class SearchGuard : IDisposable
{
    public const int StepsPerCheck = 1000;

    private readonly SqliteConnection _connection;
    private readonly long? _maxChecks;
    private readonly CancellationToken _cancellationToken;
    private long _checks;
    private bool _budgetSpent;

    private SearchGuard(SqliteConnection connection, long? maxSteps, CancellationToken cancellationToken)
    {
        _connection = connection;
        _maxChecks = maxSteps / StepsPerCheck;
        _cancellationToken = cancellationToken;
        raw.sqlite3_progress_handler(connection.Handle, StepsPerCheck, Progress, null);
    }

    /// <param name="maxSteps">Null: no budget (the operator's own searches), only the cancellation.</param>
    public static SearchGuard Install(SqliteConnection connection, long? maxSteps, CancellationToken cancellationToken) =>
        new(connection, maxSteps, cancellationToken);

    /// <summary>Runs <paramref name="search"/>; an interrupt leaves as <see cref="OperationCanceledException"/> or <see cref="SearchTooBroadException"/>.</summary>
    public T Run<T>(Func<T> search)
    {
        // No check of the token before: a token that already fired stops the search through the handler, like one firing midway.
        try
        {
            return search();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            throw _budgetSpent ? new SearchTooBroadException() : new InvalidOperationException("The search was interrupted.", e);
        }
    }

    public void Dispose() => raw.sqlite3_progress_handler(_connection.Handle, 0, null, null);

    private int Progress(object user)
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            return 1;
        }

        if (_maxChecks is { } max && ++_checks > max)
        {
            _budgetSpent = true;
            return 1;
        }

        return 0;
    }
}
