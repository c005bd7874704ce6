using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HstFederation.Benchmarks;

/// <summary>
/// Turns the newest joined BenchmarkDotNet JSON result into the markdown tables of
/// docs/performance.md: the primitives, the message steps, each envelope operation and the node's send
/// next to the sum of the primitives it performs (the "model") with the measured/model ratio.
/// </summary>
public static class PerformanceReport
{
    public const string BeginMarker = "<!-- BEGIN GENERATED: dotnet run -c Release --project bench/HstFederation.Benchmarks -- --report docs/performance.md -->";
    public const string EndMarker = "<!-- END GENERATED -->";

    private const string ResultsDirectory = "BenchmarkDotNet.Artifacts/results";

    /// <summary>"HST/v1/envelope-header" || 0x00 is prefixed to the header before signing.</summary>
    private const int SignatureLabelBytes = 23;

    private static readonly int[] RecipientCounts = [1, 10, 195];

    public static int Run(string[] args)
    {
        var file = new DirectoryInfo(ResultsDirectory).Exists
            ? new DirectoryInfo(ResultsDirectory).GetFiles("*-report-brief.json").MaxBy(f => f.LastWriteTimeUtc)
            : null;
        if (file is null)
        {
            Console.Error.WriteLine($"No JSON result (*-report-brief.json) under {Path.GetFullPath(ResultsDirectory)}; run the benchmarks first (--filter '*').");
            return 2;
        }

        var markdown = Render(file);
        if (args.Length == 0)
        {
            Console.Write(markdown);
            return 0;
        }

        var document = File.ReadAllText(args[0]);
        var begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            Console.Error.WriteLine($"{args[0]} has no generated section ({BeginMarker} … {EndMarker}).");
            return 2;
        }

        var updated = document[..(begin + BeginMarker.Length)] + "\n" + markdown + document[end..];
        File.WriteAllText(args[0], updated);
        Console.WriteLine($"Updated {args[0]} from {file.Name}.");
        return 0;
    }

    private static string Render(FileInfo file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file.FullName));
        var results = Results.Read(json.RootElement);
        var host = json.RootElement.GetProperty("HostEnvironmentInfo");
        var federation = BenchmarkFederation.Instance;
        var headerBytes = RecipientCounts.ToDictionary(n => n, n => federation.Seal(n).Header.CalculateSize());
        var envelopeBytes = RecipientCounts.ToDictionary(n => n, n => federation.Seal(n).Bytes.Length);

        var md = new StringBuilder();
        Machine(md, host, JobDescription(json.RootElement), file);
        Primitives(md, results);
        MessageSteps(md, results);
        Envelopes(md, results, headerBytes, envelopeBytes);
        StoreSteps(md, results);
        NodeSend(md, results, NodeSendShape.Of(federation));
        return md.ToString();
    }

    private static void Machine(StringBuilder md, JsonElement host, string job, FileInfo file)
    {
        md.AppendLine()
            .AppendLine(Invariant($"Run of {file.LastWriteTimeUtc:yyyy-MM-dd HH:mm} UTC, result file `{file.Name}`."))
            .AppendLine()
            .AppendLine("| machine | |")
            .AppendLine("|---|---|")
            .AppendLine(Invariant($"| CPU | {CpuModel()} ({Environment.ProcessorCount} logical cores visible, `nproc`) |"))
            .AppendLine(Invariant($"| OS | {Text(host, "OsVersion")} |"))
            .AppendLine(Invariant($"| .NET | {Text(host, "RuntimeVersion")}, {Text(host, "Architecture")}, SDK {Text(host, "DotNetCliVersion")}, {Text(host, "Configuration")} build |"))
            .AppendLine(Invariant($"| BenchmarkDotNet | {Text(host, "BenchmarkDotNetVersion")}; job {job} |"))
            .AppendLine();
    }

    private static void Primitives(StringBuilder md, Results r)
    {
        md.AppendLine("#### Primitives").AppendLine()
            .AppendLine("| primitive | input | mean | ± stddev | allocated |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var (method, input) in new[]
                 {
                     ("X25519KeyGeneration", "32 B scalar"), ("X25519Agreement", "32 B scalar, 32 B point"),
                     ("X25519KeyGenerationBouncyCastle", "32 B scalar"), ("X25519AgreementBouncyCastle", "32 B scalar, 32 B point"),
                     ("Hkdf", "32 B IKM, 16 B salt, 129 B info"),
                     ("AesGcmEncryptKey", "32 B (a key wrap)"), ("AesGcmDecryptKey", "32 B (a key unwrap)"),
                     ("AesGcmEncryptContent", "4096 B"), ("AesGcmDecryptContent", "4096 B"),
                 })
        {
            Row(md, r.Find(nameof(PrimitiveBenchmarks), method), input);
        }

        foreach (var method in new[] { "Ed25519Sign", "Ed25519Verify", "Ed25519SignBouncyCastle", "Ed25519VerifyBouncyCastle", "Sha256" })
        {
            foreach (var size in r.Sizes(method))
            {
                Row(md, r.Find(nameof(SizedPrimitiveBenchmarks), method, size), Invariant($"{size} B"));
            }
        }

        md.AppendLine();
    }

    private static void MessageSteps(StringBuilder md, Results r)
    {
        md.AppendLine("#### Message and protobuf steps (not cryptography)").AppendLine()
            .AppendLine("| step | input | mean | ± stddev | allocated |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var method in new[] { "Validate", "Serialize", "StrictParse", "ReadCertificateKey" })
        {
            Row(md, r.Find(nameof(MessageBenchmarks), method), method == "ReadCertificateKey" ? "DER certificate" : "4096 B message");
        }

        foreach (var n in RecipientCounts)
        {
            Row(md, r.Find(nameof(EnvelopeBenchmarks), "ParseEnvelopeAndHeader", n), Invariant($"envelope for {n} recipient(s)"));
        }

        md.AppendLine();
    }

    private static void Envelopes(StringBuilder md, Results r, Dictionary<int, int> headerBytes, Dictionary<int, int> envelopeBytes)
    {
        double P(string method) => r.Find(nameof(PrimitiveBenchmarks), method)?.Mean ?? double.NaN;
        double M(string method) => r.Find(nameof(MessageBenchmarks), method)?.Mean ?? double.NaN;
        double Sized(string method, int bytes) => r.Interpolate(method, bytes);
        double Parse(int n) => r.Find(nameof(EnvelopeBenchmarks), "ParseEnvelopeAndHeader", n)?.Mean ?? double.NaN;

        var wrap = P("X25519KeyGeneration") + P("X25519Agreement") + P("Hkdf") + P("AesGcmEncryptKey");
        var unwrap = P("X25519Agreement") + P("Hkdf") + P("AesGcmDecryptKey");
        const int Content = BenchmarkFederation.MessageBytes + 16;

        md.AppendLine("#### Envelope operations against the sum of their primitives").AppendLine()
            .AppendLine("| operation | recipients | header B | envelope B | measured | crypto model | measured / model | model + message steps | measured / that | allocated |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var method in new[] { "Seal", "Verify", "Open" })
        {
            foreach (var n in RecipientCounts)
            {
                var header = headerBytes[n];
                var verify = Sized("Ed25519Verify", header + SignatureLabelBytes) + Sized("Sha256", Content) + Sized("Sha256", header);
                var (model, steps) = method switch
                {
                    "Seal" => (SealModel(r, n, header), M("Validate") + M("Serialize")),
                    "Verify" => (verify, Parse(n) + M("ReadCertificateKey")),
                    _ => (verify + unwrap + (2 * P("Hkdf")) + P("AesGcmDecryptContent"),
                          Parse(n) + M("ReadCertificateKey") + M("StrictParse") + M("Validate")),
                };
                var measured = r.Find(nameof(EnvelopeBenchmarks), method, n);
                var mean = measured?.Mean ?? double.NaN;
                md.AppendLine(Invariant(
                    $"| {measured?.Title ?? method} | {n} | {header} | {envelopeBytes[n]} | {Time(mean)} | {Time(model)} | {Ratio(mean / model)} | {Time(model + steps)} | {Ratio(mean / (model + steps))} | {Bytes(measured?.Allocated)} |"));
            }
        }

        md.AppendLine()
            .AppendLine("Model terms (each a mean from the tables above; Ed25519 and SHA-256 interpolated linearly at the real input size):").AppendLine()
            .AppendLine(Invariant($"- one key wrap = X25519 key generation + X25519 agreement + HKDF + AES-GCM encrypt 32 B = {Time(wrap)}"))
            .AppendLine(Invariant($"- one key unwrap = X25519 agreement + HKDF + AES-GCM decrypt 32 B = {Time(unwrap)}"))
            .AppendLine("- Seal(n) = n × wrap + 2 × HKDF (content key and commitment) + AES-GCM encrypt 4 KB + SHA-256(ciphertext) + Ed25519 sign(label ‖ header) + SHA-256(header)")
            .AppendLine("- Verify = Ed25519 verify(label ‖ header) + SHA-256(ciphertext) + SHA-256(header)")
            .AppendLine("- Open = Verify + unwrap + 2 × HKDF + AES-GCM decrypt 4 KB")
            .AppendLine("- message steps: Seal + validate + serialize the message; Verify + strict parse of envelope and header + read the certificate key; Open + the same + strict parse and validate the message")
            .AppendLine();
    }

    /// <summary>Seal(n) = n × wrap + 2 × HKDF + AES-GCM encrypt 4 KB + SHA-256(ciphertext) + Ed25519 sign(label ‖ header) + SHA-256(header).</summary>
    private static double SealModel(Results r, int recipients, int headerBytes)
    {
        double P(string method) => r.Find(nameof(PrimitiveBenchmarks), method)?.Mean ?? double.NaN;
        const int Content = BenchmarkFederation.MessageBytes + 16;
        var wrap = P("X25519KeyGeneration") + P("X25519Agreement") + P("Hkdf") + P("AesGcmEncryptKey");
        return (recipients * wrap) + (2 * P("Hkdf")) + P("AesGcmEncryptContent") + r.Interpolate("Sha256", Content)
            + r.Interpolate("Ed25519Sign", headerBytes + SignatureLabelBytes) + r.Interpolate("Sha256", headerBytes);
    }

    /// <summary>
    /// The node's send (NodeSendBenchmarks) beside the sum of its primitives: the crypto of Seal(10), the receipt's signature
    /// and digests, the gRPC round trip and the node's SQLite writes raw (both measured in NodeSendBenchmarks). Renders dashes
    /// for whatever a result file lacks (files from before the benchmark existed).
    /// </summary>
    private static void NodeSend(StringBuilder md, Results r, NodeSendShape shape)
    {
        const string Type = nameof(NodeSendBenchmarks);
        double M(string method) => r.Find(nameof(MessageBenchmarks), method)?.Mean ?? double.NaN;
        var seal = SealModel(r, NodeSendShape.Recipients, shape.HeaderBytes);
        var envelopeDigest = r.Interpolate("Sha256", shape.EnvelopeBytes);
        var receipt = r.Interpolate("Ed25519Verify", shape.ReceiptSignedBytes) + envelopeDigest;
        var stub = r.Interpolate("Ed25519Sign", shape.ReceiptSignedBytes) + envelopeDigest;
        var echo = r.Find(Type, "GrpcEcho");
        var raw = r.Find(Type, "RawSqlite");
        var model = seal + receipt + stub + (echo?.Mean ?? double.NaN) + (raw?.Mean ?? double.NaN);
        var steps = (2 * (M("Validate") + M("Serialize") + M("StrictParse")))
            + (r.Find(nameof(EnvelopeBenchmarks), "ParseEnvelopeAndHeader", NodeSendShape.Recipients)?.Mean ?? double.NaN) + M("ReadCertificateKey");
        var measured = r.Find(Type, "SealAndSubmit");
        var mean = measured?.Mean ?? double.NaN;

        md.AppendLine("#### Node: seal + submit against the sum of its primitives").AppendLine()
            .AppendLine(Invariant($"One 4096-byte message to 10 members, from the operator's submit to the hub's receipt verified and recorded; the hub is a stub in the same process (issue 6: within 1.3× of the model). Measured warm: after {NodeSendBenchmarks.WarmupIterations} warm-up iterations of {NodeSendBenchmarks.SendsPerIteration} sends, not the job's 3.")).AppendLine()
            .AppendLine("| operation | recipients | header B | envelope B | measured | model | measured / model | model + message steps | measured / that | allocated |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(Invariant(
                $"| {measured?.Title ?? "node seal + submit"} | {NodeSendShape.Recipients} | {shape.HeaderBytes} | {shape.EnvelopeBytes} | {Time(mean)} | {Time(model)} | {Ratio(mean / model)} | {Time(model + steps)} | {Ratio(mean / (model + steps))} | {Bytes(measured?.Allocated)} |"))
            .AppendLine()
            .AppendLine("| primitive measured beside it | mean | ± stddev | allocated |")
            .AppendLine("|---|---:|---:|---:|");
        foreach (var (result, method) in new[] { (echo, "GrpcEcho"), (raw, "RawSqlite") })
        {
            md.AppendLine(result is null
                ? Invariant($"| {method} (not in this run) | — | — | — |")
                : Invariant($"| {result.Title} | {Time(result.Mean)} | {Time(result.StdDev)} | {Bytes(result.Allocated)} |"));
        }

        md.AppendLine()
            .AppendLine("Model terms (Ed25519 and SHA-256 interpolated at the real input size):").AppendLine()
            .AppendLine(Invariant($"- Seal({NodeSendShape.Recipients}), crypto only, as in the envelope table at this {shape.HeaderBytes}-byte header = {Time(seal)}"))
            .AppendLine(Invariant($"- receipt check by the node = Ed25519 verify(label ‖ receipt, {shape.ReceiptSignedBytes} B) + SHA-256(envelope) = {Time(receipt)}"))
            .AppendLine(Invariant($"- server stub = SHA-256(envelope) + Ed25519 sign(label ‖ receipt) = {Time(stub)}"))
            .AppendLine(Invariant($"- gRPC round trip = unary echo of the envelope over the same mutual TLS = {Time(echo?.Mean ?? double.NaN)}"))
            .AppendLine(Invariant($"- SQLite = the node's rows for the message raw: enqueue, the recipients' sequence counts, kept envelope, accepted (three commits) = {Time(raw?.Mean ?? double.NaN)}"))
            .AppendLine("- message steps: validate and serialize the message twice (submitter, sealer) and parse it twice (search index at enqueue, outbox sender; the strict parse's time), parse envelope and header (stub; strict parse's time), read the hub's key from its certificate (receipt check)")
            .AppendLine();
    }

    /// <summary>The hub store's group commit and cursor read, each beside the same SQL run raw (StoreBenchmarks, CursorBenchmarks).</summary>
    private static void StoreSteps(StringBuilder md, Results r)
    {
        md.AppendLine("#### Hub store next to raw SQLite").AppendLine()
            .AppendLine("Fan-out 10, 5 KB envelopes, the hub writer's pragmas (WAL, `synchronous = FULL`); raw = the same rows or query on prepared statements of one open connection.").AppendLine()
            .AppendLine("| operation | n | hub store | per message | raw SQLite | hub ÷ raw | hub allocated |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (type, hubMethod, rawMethod, title, sizes) in new[]
                 {
                     (nameof(StoreBenchmarks), "AcceptBatch", "RawBatch", "accept n submissions at once (group commit)", new[] { 1, 16, 256 }),
                     (nameof(CursorBenchmarks), "StoreReadPage", "RawReadPage", "read a page of up to n deliveries by cursor (and at most 1 MiB: 204 of these)", new[] { 1, 256 }),
                 })
        {
            foreach (var n in sizes)
            {
                var hub = r.Find(type, hubMethod, n);
                var raw = r.Find(type, rawMethod, n);
                var mean = hub?.Mean ?? double.NaN;
                md.AppendLine(Invariant(
                    $"| {title} | {n} | {Time(mean)} | {Time(mean / n)} | {Time(raw?.Mean ?? double.NaN)} | {Ratio(mean / (raw?.Mean ?? double.NaN))} | {Bytes(hub?.Allocated)} |"));
            }
        }

        md.AppendLine();
    }

    private static void Row(StringBuilder md, Result? result, string input)
    {
        if (result is null)
        {
            md.AppendLine(Invariant($"| (not in this run) | {input} | — | — | — |"));
            return;
        }

        md.AppendLine(Invariant($"| {result.Title} | {input} | {Time(result.Mean)} | {Time(result.StdDev)} | {Bytes(result.Allocated)} |"));
    }

    private static string Time(double ns) => double.IsNaN(ns) ? "—"
        : ns < 1_000 ? Invariant($"{ns:0.0} ns")
        : ns < 1_000_000 ? Invariant($"{ns / 1_000:0.00} µs")
        : Invariant($"{ns / 1_000_000:0.00} ms");

    private static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "—" : Invariant($"{ratio:0.00}");

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "—",
        < 10_000 => Invariant($"{bytes} B"),
        _ => Invariant($"{bytes / 1024.0:0.0} KB"),
    };

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ToString() : "?";

    /// <summary>The job as BenchmarkDotNet describes it, e.g. "InProcessShort(Toolchain=…, IterationCount=10, …)".</summary>
    private static string JobDescription(JsonElement root)
    {
        var info = root.GetProperty("Benchmarks").EnumerateArray().Select(b => b.GetProperty("DisplayInfo").GetString() ?? string.Empty).FirstOrDefault() ?? string.Empty;
        var start = info.IndexOf(": ", StringComparison.Ordinal);
        var end = info.LastIndexOf(" [", StringComparison.Ordinal);
        var job = start < 0 ? info : info[(start + 2)..(end > start ? end : info.Length)];
        return "`" + job + "`";
    }

    /// <summary>model name, clock and the instruction-set extensions AES-GCM and SHA-256 depend on, from /proc/cpuinfo.</summary>
    private static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "unknown CPU";
        }

        var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
        string Field(string name) =>
            lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
                : "?";
        var flags = Field("flags").Split(' ');
        var extensions = new[] { "aes", "vaes", "pclmulqdq", "vpclmulqdq", "sha_ni", "avx2", "avx512f" }.Where(flags.Contains);
        return $"{Field("model name")} at {Field("cpu MHz")} MHz, flags {string.Join(' ', extensions)}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Result(string Type, string Method, string Title, int? Parameter, double Mean, double StdDev, long? Allocated);

    private sealed class Results(List<Result> all)
    {
        public static Results Read(JsonElement root)
        {
            var list = new List<Result>();
            foreach (var b in root.GetProperty("Benchmarks").EnumerateArray())
            {
                if (!b.TryGetProperty("Statistics", out var stats) || stats.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var parameters = b.TryGetProperty("Parameters", out var p) ? p.GetString() ?? string.Empty : string.Empty;
                var eq = parameters.IndexOf('=', StringComparison.Ordinal);
                int? parameter = eq > 0 ? int.Parse(parameters[(eq + 1)..], CultureInfo.InvariantCulture) : null;
                long? allocated = b.TryGetProperty("Memory", out var memory) && memory.TryGetProperty("BytesAllocatedPerOperation", out var a) && a.ValueKind == JsonValueKind.Number
                    ? a.GetInt64()
                    : null;
                list.Add(new Result(
                    b.GetProperty("Type").GetString()!, b.GetProperty("Method").GetString()!,
                    b.TryGetProperty("MethodTitle", out var t) ? t.GetString()!.Trim('\'') : b.GetProperty("Method").GetString()!,
                    parameter, stats.GetProperty("Mean").GetDouble(), stats.GetProperty("StandardDeviation").GetDouble(), allocated));
            }

            return new Results(list);
        }

        public Result? Find(string type, string method, int? parameter = null) =>
            all.FirstOrDefault(r => r.Type == type && r.Method == method && r.Parameter == parameter);

        public IEnumerable<int> Sizes(string method) =>
            all.Where(r => r.Type == nameof(SizedPrimitiveBenchmarks) && r.Method == method && r.Parameter is not null)
                .Select(r => r.Parameter!.Value).Order();

        /// <summary>Piecewise-linear in the input size (Ed25519 and SHA-256 are affine in it), extrapolated from the end segments.</summary>
        public double Interpolate(string method, int bytes)
        {
            var points = all.Where(r => r.Type == nameof(SizedPrimitiveBenchmarks) && r.Method == method && r.Parameter is not null)
                .OrderBy(r => r.Parameter).Select(r => (X: (double)r.Parameter!.Value, Y: r.Mean)).ToList();
            if (points.Count < 2)
            {
                return double.NaN;
            }

            var i = 1;
            while (i < points.Count - 1 && bytes > points[i].X)
            {
                i++;
            }

            var (x0, y0) = points[i - 1];
            var (x1, y1) = points[i];
            return y0 + ((y1 - y0) * (bytes - x0) / (x1 - x0));
        }
    }
}
