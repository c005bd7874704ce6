using HstFederation.DevPki.Cli;

return DevPkiCli.Run(args, Console.Out, Console.Error, TimeProvider.System);
