namespace HstFederation.LoadGenerator.Measure;

/// <param name="CpuSeconds">User + system CPU time the process used since it started.</param>
/// <param name="PeakRssBytes">VmHWM: the highest resident set since start or since the last <see cref="ProcessStats.ResetPeak"/>.</param>
/// <param name="RssBytes">VmRSS now.</param>
/// <param name="FileBytesWritten">
/// write_bytes of /proc/PID/io: what the process wrote to files (the storage layer; sockets not counted), since it started.
/// </param>
internal readonly record struct ProcessSample(double CpuSeconds, long PeakRssBytes, long RssBytes, long FileBytesWritten);
