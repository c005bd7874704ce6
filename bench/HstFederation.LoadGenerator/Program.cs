using HstFederation.LoadGenerator;

// dotnet run -c Release --project bench/HstFederation.LoadGenerator -- --help
return await LoadGeneratorMain.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
