using HstFederation.DevPki;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.LoadGenerator.Federation;

/// <summary>
/// The federation of a run, made the way an operator makes a development one: `hst-hub init --dev-pki`
/// (a new random root, the hub's and every member's credentials, all members enrolled as Active) into a
/// template database that every scenario's hub starts from a copy of. The generator then loads each
/// member's credentials from its party directory, as a node does.
/// </summary>
internal sealed class BenchFederation : IDisposable
{
    /// <summary>The first member sends in the benchmarks project too; the others follow in code order.</summary>
    private const string FirstMember = "FR";

    private BenchFederation(string directory, FederationTrust trust, IReadOnlyList<Member> members)
    {
        Directory = directory;
        Trust = trust;
        Members = members;
    }

    public string Directory { get; }

    public string PkiDirectory => Path.Combine(Directory, "pki");

    public string TemplateDatabase => TemplatePath(Directory);

    public FederationTrust Trust { get; }

    public IReadOnlyList<Member> Members { get; }

    public static async Task<BenchFederation> CreateAsync(string directory, int memberCount, CancellationToken cancellationToken)
    {
        var codes = MemberCodes(memberCount);
        var pki = Path.Combine(directory, "pki");
        var init = ChildProcess.Start("hst-hub init", Executables.Hub(
        [
            "init", $"--Hub:DatabasePath={TemplatePath(directory)}", "--dev-pki", pki, "--members", string.Join(',', codes),
            "--Logging:LogLevel:Default=Warning",
        ]));
        await using (init)
        {
            var exit = await init.WaitForExitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            if (exit != 0)
            {
                throw new InvalidOperationException($"hst-hub init exited with {exit}:\n{init.OutputTail}");
            }
        }

        var trust = FederationTrust.Load(FederationLayout.RootCertificate(pki), FederationLayout.RevocationList(pki), TimeProvider.System);
        var members = new Member[codes.Count];
        Parallel.For(0, codes.Count, i =>
        {
            var party = FederationLayout.MemberDirectory(pki, codes[i]);
            members[i] = new Member(i, CredentialLoader.LoadPartyCredentials(party, trust), CredentialLoader.LoadTlsCertificate(party, trust));
        });
        return new BenchFederation(directory, trust, members);
    }

    /// <summary>FR, then the other ISO codes in order: 196 members make fan-out 195 possible.</summary>
    public static IReadOnlyList<string> MemberCodes(int count)
    {
        var others = CountryCodes.All.Where(c => c != FirstMember).Order(StringComparer.Ordinal);
        var codes = new[] { FirstMember }.Concat(others).Take(count).ToList();
        return codes.Count == count
            ? codes
            : throw new ArgumentOutOfRangeException(nameof(count), count, $"At most {CountryCodes.All.Count} members.");
    }

    public void Dispose()
    {
        foreach (var member in Members)
        {
            member.Dispose();
        }
    }

    private static string TemplatePath(string directory) => Path.Combine(directory, "template", "hub.db");
}
