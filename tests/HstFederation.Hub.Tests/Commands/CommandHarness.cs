using System.Text;
using System.Text.Json;
using HstFederation.DevPki;
using HstFederation.Hub.Commands;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// Runs `hst-hub` commands in-process (<see cref="HubCommandLine.RunAsync(IReadOnlyList{string}, TextWriter, TextWriter, TimeProvider, CancellationToken)"/>)
/// against a real SQLite file in a temporary directory and a development federation written to disk, with a fake clock.
/// </summary>
internal sealed class CommandHarness : IDisposable
{
    public static readonly string[] Members = ["FR", "DE", "IT", "ES"];

    private CommandHarness(string directory, FakeTimeProvider time, DevelopmentFederation federation)
    {
        Directory = directory;
        Time = time;
        Federation = federation;
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The federation the hub settings point at (Directory/pki).</summary>
    public DevelopmentFederation Federation { get; }

    public string PkiDirectory => Path.Combine(Directory, "pki");

    public string DatabasePath => Path.Combine(Directory, "hub.db");

    public string RootCertificatePath => FederationLayout.RootCertificate(PkiDirectory);

    public string RevocationListPath => FederationLayout.RevocationList(PkiDirectory);

    public string RootKeyPath => FederationLayout.RootPrivateKey(PkiDirectory);

    public string[] Settings =>
    [
        $"--Hub:DatabasePath={DatabasePath}",
        $"--Hub:RootCertificatePath={RootCertificatePath}",
        $"--Hub:RevocationListPath={RevocationListPath}",
    ];

    public static CommandHarness Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hst-hub-cmd-").FullName;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var pki = DevelopmentPki.Create(Encoding.ASCII.GetBytes("hub-command-tests"), time.GetUtcNow().AddHours(-1));
        var federation = DevelopmentFederation.Create(pki, Members, TimeSpan.FromDays(7));
        federation.WriteTo(Path.Combine(directory, "pki"));
        return new CommandHarness(directory, time, federation);
    }

    public string MemberDirectory(string code) => FederationLayout.MemberDirectory(PkiDirectory, code);

    /// <summary>Runs `hst-hub args...` with the harness's settings appended.</summary>
    public Task<CommandResult> RunAsync(params string[] args) => RunBareAsync([.. args, .. Settings]);

    /// <summary>Runs `hst-hub args...` exactly as given.</summary>
    public async Task<CommandResult> RunBareAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await HubCommandLine.RunAsync(args, stdout, stderr, Time).WaitAsync(TimeSpan.FromSeconds(60));
        return new CommandResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>`init`, then `enroll` of every member of <see cref="Federation"/> from its party directory.</summary>
    public async Task InitAndEnrolAllAsync()
    {
        Assert.Equal(0, (await RunAsync("init")).ExitCode);
        foreach (var code in Members)
        {
            var enrolled = await RunAsync("enroll", code, "--party-dir", MemberDirectory(code));
            Assert.True(enrolled.ExitCode == 0, enrolled.ToString());
        }
    }

    /// <summary>The status of every member as `members --json` reports it.</summary>
    public async Task<Dictionary<string, string>> StatusesAsync()
    {
        var members = await RunAsync("members", "--json");
        Assert.True(members.ExitCode == 0, members.ToString());
        return members.Json().GetProperty("members").EnumerateArray()
            .ToDictionary(m => m.GetProperty("code").GetString()!, m => m.GetProperty("status").GetString()!);
    }

    /// <summary>One value read from the database (read-only, unpooled: nothing stays open on the file).</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return (long)connection.Scalar(sql)!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not a test failure.
        }
    }

    public static JsonElement[] Array(JsonElement element, string property) => element.GetProperty(property).EnumerateArray().ToArray();
}
