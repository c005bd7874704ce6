using Grpc.Core;
using HstFederation.LoadGenerator.Load;

namespace HstFederation.Hub.Tests.Load;

/// <summary>
/// What ends a load-generator subscriber quietly at the end of a scenario and what fails it. A CI run once failed a
/// completed scenario because its stop aborted a stream in the middle of a read and grpc-dotnet reported that as
/// Unavailable rather than Cancelled; before the stop, the same failure is the transport's and must not be swallowed here.
/// </summary>
public sealed class SubscriberStopTests
{
    public static TheoryData<Exception> WhatAStoppedCallThrows() => new()
    {
        new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.")),
        new RpcException(new Status(StatusCode.Unavailable, "Error reading next message. IOException: The request was aborted.", new IOException("The request was aborted."))),
        new RpcException(new Status(StatusCode.Internal, "Error starting gRPC call.")),
        new OperationCanceledException(),
        new TaskCanceledException(),
    };

    [Theory]
    [MemberData(nameof(WhatAStoppedCallThrows))]
    public void AfterTheStop_AnyCallFailureIsTheStop(Exception thrown)
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        Assert.True(Subscriber.IsStop(thrown, stop.Token));
    }

    [Theory]
    [MemberData(nameof(WhatAStoppedCallThrows))]
    public void BeforeTheStop_NoCallFailureIsTheStop(Exception thrown)
    {
        Assert.False(Subscriber.IsStop(thrown, CancellationToken.None));
    }

    [Fact]
    public void AfterTheStop_AFailureOfTheGeneratorItselfIsStillAFailure()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        Assert.False(Subscriber.IsStop(new InvalidOperationException("member 3: the hub ended the subscription on its own"), stop.Token));
    }
}
