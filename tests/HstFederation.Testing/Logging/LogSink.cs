using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HstFederation.Testing.Logging;

/// <summary>
/// Collects what a service (hub or node) logs at <paramref name="minimum"/> and above (Warning unless given), so tests can
/// check the reasons it gives.
/// </summary>
public sealed class LogSink(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly LogLevel _minimum = minimum;

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

        public bool IsEnabled(LogLevel logLevel) => logLevel >= sink._minimum;

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
