using Microsoft.Extensions.Logging;

namespace HstFederation.Testing.Logging;

/// <summary>One event a <see cref="LogSink"/> collected.</summary>
public sealed record LogEntry(LogLevel Level, int EventId, string Message);
