using HstFederation.Hub.Commands;

return await HubCommandLine.RunAsync(args);
