using Grpc.Core;
using Grpc.Core.Interceptors;
using HstFederation.Node.HubLink;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A member directory the hub signed that makes no sense: refused like one that does not verify, the one held kept. A
/// region named twice made the handling policy built from it throw at every delivery verified (the subscription stopped
/// at the first); an expiry no date holds threw in `status`.
/// </summary>
public sealed class HubLinkHostileDirectoryTests : HubLinkTestBase
{
    public static TheoryData<string, Action<MemberDirectory>> Spoiled => new()
    {
        { "a region name is not 1-64 letters, digits, '-' or '_', or is listed twice", d => d.Regions.Add(new Region { Name = "EU", Members = { "IT" } }) },
        { "a region name is not 1-64 letters, digits, '-' or '_', or is listed twice", d => d.Regions.Add(new Region { Name = "E U", Members = { "IT" } }) },
        { "a region lists a member that is not an ISO 3166-1 alpha-2 code", d => d.Regions[0].Members.Add("urn:hst:member:IT") },
        { "a member's party is not a party URI, or is listed twice", d => d.Members.Add(d.Members[^1].Clone()) },
        { "a member's party is not a party URI, or is listed twice", d => d.Members[^1].Party = "IT" },
        { "expires_at_ms is not a time after issued_at_ms", d => d.ExpiresAtMs = long.MaxValue },
        { "expires_at_ms is not a time after issued_at_ms", d => d.ExpiresAtMs = d.IssuedAtMs },
    };

    [Theory]
    [MemberData(nameof(Spoiled))]
    public async Task Refresh_HubSignedDirectoryThatMakesNoSense_IsRefusedWithTheProblem_AndTheHeldOneKept(string problem, Action<MemberDirectory> spoil)
    {
        var answers = new DirectoryAnswers(Hub.HubCredentials, spoil);
        await using var node = TestNode.Create(Hub, "IT", interceptor: answers);
        var held = await node.Directory.RefreshAsync(CancellationToken.None);

        answers.Spoiling = true;
        var refused = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => node.Directory.RefreshAsync(CancellationToken.None));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.Same(held, node.Directory.Current);
        Assert.NotNull(node.Directory.Policy());
    }

    /// <summary>Answers GetDirectory with the hub's own directory, with one region, then (when spoiling) edited and signed again with the hub's key.</summary>
    private sealed class DirectoryAnswers(PartyCredentials hub, Action<MemberDirectory> spoil) : Interceptor
    {
        private volatile bool _spoiling;

        public bool Spoiling
        {
            get => _spoiling;
            set => _spoiling = value;
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (request is not GetDirectoryRequest)
            {
                return continuation(request, context);
            }

            var call = continuation(request, context);
            return new AsyncUnaryCall<TResponse>(Edit(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private async Task<TResponse> Edit<TResponse>(Task<TResponse> answer)
        {
            var signed = (SignedStatement)(object)(await answer)!;
            var directory = MemberDirectory.Parser.ParseFrom(signed.Statement);
            directory.Regions.Add(new Region { Name = "EU", Members = { "FR", "DE" } });
            if (_spoiling)
            {
                directory.Serial++;
                spoil(directory);
            }

            return (TResponse)(object)SignedStatements.Sign(directory, StatementKind.MemberDirectory, hub);
        }
    }
}
