using HstFederation.Node.Commands;

return await NodeCommandLine.RunAsync(args);
