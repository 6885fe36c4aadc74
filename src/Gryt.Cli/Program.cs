using Gryt.Cli;

return await GrytApp.RunAsync(args, CliEnvironment.FromProcess());
