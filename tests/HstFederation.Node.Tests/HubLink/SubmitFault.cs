namespace HstFederation.Node.Tests.HubLink;

/// <summary>Where <see cref="SubmitFaults"/> makes a node's Submit calls fail.</summary>
internal enum SubmitFault
{
    None,
    BeforeTheHub,
    ResponseLost,
}
