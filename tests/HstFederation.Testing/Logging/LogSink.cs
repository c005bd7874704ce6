using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HstFederation.Testing.Logging;

/// <summary>Collects what a service (hub or node) logs at Warning and above, so tests can check the reasons it gives.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<string> Messages => _messages;

    /// <summary>The same, with each event's level and id (e.g. to find a Critical alarm by its event id).</summary>
    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var message = formatter(state, exception);
                sink._messages.Enqueue(message);
                sink._entries.Enqueue(new LogEntry(logLevel, eventId.Id, message));
            }
        }
    }
}
