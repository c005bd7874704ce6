namespace HstFederation.Hub.Storage;

/// <summary>A write operation with a result, handed to its caller once the transaction holding it commits.</summary>
internal sealed class WriteOperation<T> : WriteOperation
{
    private readonly Func<WriteContext, T> _work;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public WriteOperation(Func<WriteContext, T> work, CancellationToken cancellationToken, bool deferrable)
        : base(cancellationToken, deferrable)
    {
        _work = work;
    }

    public Task<T> Task => _completion.Task;

    public override void Execute(WriteContext context) => _result = _work(context);

    public override void FailAlone(Exception exception) => _error = exception;

    public override void Complete()
    {
        if (_error is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_error);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
