namespace HstFederation.LoadGenerator.Cli;

internal enum Command
{
    Run,
    Report,
    Plots,
    Help,
    BaselineServer,
}
