using System.Runtime.InteropServices;
using HstFederation.Demo.Cli;

// Ctrl-C and SIGTERM cancel the run (./hst demo then stops the federation it started); a second signal is not needed.
using var cancel = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await DemoCommandLine.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, cancel.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}
