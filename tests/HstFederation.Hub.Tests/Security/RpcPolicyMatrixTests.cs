using HstFederation.Hub.Security;

namespace HstFederation.Hub.Tests.Security;

/// <summary>
/// The whole method × role matrix, written out: changing who may call what must change this test too.
/// </summary>
public sealed class RpcPolicyMatrixTests
{
    public static TheoryData<string, int, bool> Matrix()
    {
        var data = new TheoryData<string, int, bool>();
        void Row(string method, bool active, bool suspended, bool hub, bool none = false)
        {
            data.Add(method, (int)CallerRole.ActiveMember, active);
            data.Add(method, (int)CallerRole.SuspendedMember, suspended);
            data.Add(method, (int)CallerRole.Hub, hub);
            data.Add(method, (int)CallerRole.None, none);
        }

        // A suspended member only for the retry of an envelope it sent while active (SubmitHandler; SubmitChecksTests).
        Row("/hst.v1.Hub/Submit", active: true, suspended: true, hub: false);
        Row("/hst.v1.Hub/Subscribe", active: true, suspended: false, hub: false);
        Row("/hst.v1.Hub/Acknowledge", active: true, suspended: false, hub: false);
        Row("/hst.v1.Hub/GetDirectory", active: true, suspended: true, hub: false);
        Row("/hst.v1.Hub/GetAuditHead", active: true, suspended: true, hub: false);
        Row("/hst.v1.Hub/Lifecycle", active: true, suspended: true, hub: false);
        Row("/hst.v1.Hub/Release", active: true, suspended: false, hub: false);
        Row("/grpc.health.v1.Health/Check", active: true, suspended: true, hub: true);
        Row("/grpc.health.v1.Health/Watch", active: true, suspended: true, hub: true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Allows_EachMethodAndRole_IsExactlyAsSpecified(string method, int role, bool allowed)
    {
        Assert.Equal(allowed, RpcPolicy.Allows(method, (CallerRole)role));
    }

    [Fact]
    public void Matrix_CoversEveryMethodInTheTable()
    {
        var covered = Matrix().Select(row => (string)row[0]).Distinct().Order();

        Assert.Equal(RpcPolicy.Table.Keys.Order(), covered);
    }
}
